// Docker's `--interceptor`: programs and web hooks that see, rewrite or answer tool calls. The
// router knows them only as call middleware.
import type { CallMiddleware } from "@mcpgw/router";
import { invokeInterceptor } from "./invoke-interceptor.js";
import type { Interceptor } from "./parse-interceptor.js";

export { parseInterceptor } from "./parse-interceptor.js";
export type { Interceptor } from "./parse-interceptor.js";

/**
 * The interceptors as call middleware, one for each side of the call (after-interceptors see
 * the arguments the call finally went out with). `before` runs the
 * `before` interceptors in order; each gets `{when, server, tool, arguments, session}` as JSON
 * and may answer `{arguments}` to rewrite the call or `{result}` to answer it instead (the
 * server is then not called, and later interceptors are not asked). `after` runs the `after`
 * interceptors in order on the result; each may answer `{result}` to rewrite it. An interceptor
 * is told about the call only: never who made it.
 */
export function createInterceptorMiddleware(interceptors: readonly Interceptor[]): { before: CallMiddleware; after: CallMiddleware } {
  const before = interceptors.filter((i) => i.when === "before");
  const after = interceptors.filter((i) => i.when === "after");
  return {
    before: async (call, next) => {
      for (const interceptor of before) {
        const out = await invokeInterceptor(interceptor, { when: "before", server: call.server, tool: call.tool, arguments: call.arguments, session: call.session });
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
        const out = await invokeInterceptor(interceptor, { when: "after", server: call.server, tool: call.tool, arguments: call.arguments, session: call.session, result: current });
        if (out && "result" in out) current = out.result;
      }
      return current;
    },
  };
}
