// The one error for "this image could not be made": which image, which step, and why.
import { ErrorCode, GatewayError } from "@mcpgw/core";

/**
 * An `IMAGE_UNAVAILABLE` error saying `<image>: <step>: <reason>`; a GatewayError passes
 * through unchanged (it already says what went wrong).
 */
export function imageUnavailable(image: string, step: string, cause: unknown): GatewayError {
  if (cause instanceof GatewayError) return cause;
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new GatewayError(ErrorCode.IMAGE_UNAVAILABLE, `${image}: ${step}: ${reason}`, { cause, data: { image } });
}
