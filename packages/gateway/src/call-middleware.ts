import type { CallLogEntry, CallMiddleware } from "@mcpgw/router";
import { createCallLog } from "@mcpgw/router";
import type { Interceptor, InterceptorOptions } from "./interceptors/index.js";
import { createInterceptorMiddleware } from "./interceptors/index.js";
import type { CallGuard } from "./secret-guard.js";
import { createGuardMiddleware } from "./secret-guard.js";
import type { MiddlewareSide } from "./telemetry/traced-middleware.js";
import { tracedMiddleware } from "./telemetry/traced-middleware.js";

export interface GatewayCallMiddlewareOptions {
  /** `--interceptor`s, in the order given. */
  interceptors?: readonly Interceptor[];
  /** How they run: their timeout, the Docker connector for docker interceptors, their log. */
  interceptorOptions?: InterceptorOptions;
  /** The secret guard (`--block-secrets`, `--redact-secrets`). */
  guard?: CallGuard;
  /** Receives the call log (`--log-calls`). */
  log?: (entry: CallLogEntry) => void;
  /** Each interceptor side and guard check in a span of its own (tracing is on). */
  traced?: boolean;
  /** Receives the same entries for the metrics, whatever `log` is. */
  metrics?: (entry: CallLogEntry) => void;
}

/**
 * What every tool call goes through in the gateway, in this order: the call log sees every
 * call and its outcome; the guard checks the result after the `after` interceptors rewrote it
 * (also when a `before` interceptor answered), and the arguments after the `before`
 * interceptors rewrote them, just before they go to the server.
 */
export function createGatewayCallMiddleware(options: GatewayCallMiddlewareOptions): CallMiddleware[] {
  const given = options.interceptors ?? [];
  const interceptors = createInterceptorMiddleware(given, options.interceptorOptions);
  // A side without interceptors would only pass each call on, two promises later.
  const has = (when: Interceptor["when"]) => given.some((interceptor) => interceptor.when === when);
  const guard = options.guard ? createGuardMiddleware(options.guard) : undefined;
  const span = options.traced ? tracedMiddleware : (_name: string, _side: MiddlewareSide, middleware: CallMiddleware) => middleware;
  // The call log and the metrics see the same entries: one step records for both.
  const records = [options.log, options.metrics].filter((record) => record !== undefined);
  return [
    ...(records.length > 0 ? [createCallLog((entry) => records.forEach((record) => record(entry)))] : []),
    ...(guard ? [span("mcpgw.secret_guard result", "result", guard.result)] : []),
    ...(has("after") ? [span("mcpgw.interceptors after", "result", interceptors.after)] : []),
    ...(has("before") ? [span("mcpgw.interceptors before", "arguments", interceptors.before)] : []),
    ...(guard ? [span("mcpgw.secret_guard arguments", "arguments", guard.arguments)] : []),
  ];
}
