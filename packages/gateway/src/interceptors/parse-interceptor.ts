import { ErrorCode, GatewayError } from "@mcpgw/core";

/** Docker's `--interceptor when:type:arg`: `before` may rewrite or answer a call, `after` may rewrite its result. */
export interface Interceptor {
  when: "before" | "after";
  type: "exec" | "http";
  /** The command (run with `sh -c`) or the URL. */
  target: string;
}

/**
 * Reads `before:exec:/path/to/script` or `after:http:http://127.0.0.1:9000/hook`.
 * @example
 * parseInterceptor("after:http:http://127.0.0.1:9000/hook"); // { when: "after", type: "http", target: "http://127.0.0.1:9000/hook" }
 */
export function parseInterceptor(text: string): Interceptor {
  const [when, type, ...rest] = text.split(":");
  const target = rest.join(":");
  if ((when !== "before" && when !== "after") || (type !== "exec" && type !== "http") || !target) {
    throw new GatewayError(ErrorCode.INVALID_ARGUMENT, `interceptor "${text}" is not when:type:arg (when: before|after, type: exec|http)`);
  }
  return { when, type, target };
}
