import { ErrorCode, GatewayError } from "@mcpgw/core";
import type { Interceptor } from "./parse-interceptor.js";

/** How messages name an interceptor: `interceptor exec:CMD`, `interceptor http:URL`, `interceptor docker:IMAGE`. */
export function interceptorName(interceptor: Interceptor): string {
  return `interceptor ${interceptor.type}:${interceptor.type === "docker" ? interceptor.image : interceptor.target}`;
}

/** An interceptor that failed, and so failed the call. */
export function interceptorFailure(interceptor: Interceptor, why: string): GatewayError {
  return new GatewayError(ErrorCode.INTERNAL, `${interceptorName(interceptor)} ${why}`);
}
