import { ErrorCode, GatewayError } from "@mcpgw/core";

/** A profile's name: its file's stem and the path segment of its endpoint (`/mcp/NAME`). */
const PROFILE_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** Whether `name` can name a profile: 1–64 letters, digits, `_` or `-`. */
export function isProfileName(name: string): boolean {
  return PROFILE_NAME.test(name);
}

/** Throws INVALID_ARGUMENT unless `name` can name a profile. */
export function assertProfileName(name: string): void {
  if (isProfileName(name)) return;
  throw new GatewayError(
    ErrorCode.INVALID_ARGUMENT,
    `${JSON.stringify(name)} cannot name a profile: use 1 to 64 letters, digits, '_' or '-' (it becomes the endpoint /mcp/NAME)`,
  );
}
