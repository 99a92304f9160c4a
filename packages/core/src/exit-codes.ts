// The exit code of a program of mcpgw for each way it can fail: one table, used by the CLI and
// the server app alike, so a script reads the same status from either.
import type { ErrorCode } from "./errors.js";
import { GatewayError } from "./errors.js";

/**
 * The exit code for each error code, the one place they are mapped. 2 is a usage error (oclif's
 * own), 70 a bug.
 */
export const EXIT_CODES: Readonly<Record<ErrorCode, number>> = {
  INVALID_ARGUMENT: 2,
  NOT_FOUND: 3,
  YAML_SYNTAX: 4,
  CONFIG_INVALID: 4,
  CONFIG_MISSING: 5,
  SECRET_MISSING: 5,
  UNSUPPORTED: 6,
  LOCK_TIMEOUT: 7,
  IO: 8,
  SERVER_START_FAILED: 9,
  SERVER_START_TIMEOUT: 9,
  SERVER_EXITED: 9,
  SERVER_FAILING: 9,
  CAPACITY_EXCEEDED: 9,
  ENGINE_UNAVAILABLE: 10,
  IMAGE_UNAVAILABLE: 10,
  REFUSED: 11,
  SIGNATURE_INVALID: 11,
  AUTHORIZATION_REQUIRED: 11,
  TIMEOUT: 12,
  CANCELLED: 12,
  RESOURCE_NOT_FOUND: 3,
  METHOD_NOT_FOUND: 6,
  NO_CLIENT_TO_ASK: 6,
  INTERNAL: 70,
};

/**
 * The exit code a failure ends a program with: a `GatewayError` by its code; a JSON-RPC error
 * from a gateway or server (a numeric `code`) with 1, since it is an answer and not a bug; and
 * anything else, a bug, with 70.
 * @example
 * process.exitCode = exitCodeOf(new GatewayError(ErrorCode.NOT_FOUND, "no such server")); // 3
 */
export function exitCodeOf(error: unknown): number {
  if (error instanceof GatewayError) return EXIT_CODES[error.code] ?? 1;
  if (typeof (error as { code?: unknown } | null)?.code === "number") return 1;
  return EXIT_CODES.INTERNAL;
}
