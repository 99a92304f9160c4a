// Docker's `--interceptor`: programs, web hooks and containers that see, rewrite or answer tool
// calls. The router knows them only as call middleware.
import type { Logger } from "@mcpgw/core";
import { silentLogger } from "@mcpgw/core";
import type { CallMiddleware } from "@mcpgw/router";
import type { SecretScanner } from "@mcpgw/secrets";
import { createSecretScanner } from "@mcpgw/secrets";
import { DEFAULT_TIMEOUTS } from "../timeouts.js";
import type { InterceptorContainers, InterceptorContext } from "./interceptor-context.js";
import { invokeInterceptor } from "./invoke-interceptor.js";
import type { Interceptor } from "./parse-interceptor.js";

export { parseInterceptor } from "./parse-interceptor.js";
export type { DockerInterceptor, Interceptor, ProgramInterceptor } from "./parse-interceptor.js";
export type { InterceptorContainers } from "./interceptor-context.js";
export { interceptorName } from "./interceptor-failure.js";

/** How interceptors are run. */
export interface InterceptorOptions {
  /** How long an interceptor may take, per call; default `DEFAULT_TIMEOUTS.interceptorMs` (30 s). */
  timeoutMs?: number;
  /** Runs docker interceptors' containers: the gateway's Docker connector. Without it a docker interceptor fails its calls. */
  containers?: InterceptorContainers;
  /** Gets what docker interceptors write to stderr, at debug level. */
  logger?: Logger;
  /** Masks secrets in what interceptors write before it is logged; default the well-known credential shapes. */
  redact?: (text: string) => string;
}

/**
 * The interceptors as call middleware, one for each side of the call (after-interceptors see
 * the arguments the call finally went out with). `before` runs the
 * `before` interceptors in order; each gets `{when, server, tool, arguments, session}` as JSON
 * and may answer `{arguments}` to rewrite the call or `{result}` to answer it instead (the
 * server is then not called, and later interceptors are not asked). `after` runs the `after`
 * interceptors in order on the result; each may answer `{result}` to rewrite it. An interceptor
 * is told about the call only: never who made it. Every kind (exec, http, docker) speaks this
 * same JSON; one that fails, answers something other than JSON or takes too long fails the call.
 */
export function createInterceptorMiddleware(interceptors: readonly Interceptor[], options: InterceptorOptions = {}): { before: CallMiddleware; after: CallMiddleware } {
  let scanner: SecretScanner | undefined;
  const context: InterceptorContext = {
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUTS.interceptorMs,
    containers: options.containers,
    logger: options.logger ?? silentLogger,
    redact: options.redact ?? ((text) => (scanner ??= createSecretScanner()).redact(text)),
  };
  const before = interceptors.filter((i) => i.when === "before");
  const after = interceptors.filter((i) => i.when === "after");
  return {
    before: async (call, next) => {
      for (const interceptor of before) {
        const out = await invokeInterceptor(interceptor, { when: "before", server: call.server, tool: call.tool, arguments: call.arguments, session: call.session }, context);
        if (out && "result" in out) {
          call.answer = out.result;
          break;
        }
        if (out && "arguments" in out) call.arguments = out.arguments;
      }
      return next();
    },
    after: async (call, next) => {
      let current = await next();
      for (const interceptor of after) {
        const out = await invokeInterceptor(interceptor, { when: "after", server: call.server, tool: call.tool, arguments: call.arguments, session: call.session, result: current }, context);
        if (out && "result" in out) current = out.result;
      }
      return current;
    },
  };
}
