import type { ErrorCode } from "@mcpgw/core";

/**
 * The CLI's exit code for each error code, the one place they are mapped. 2 is a usage error
 * (oclif's own), 70 a bug.
 */
export const EXIT_CODES: Record<ErrorCode, number> = {
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
  TIMEOUT: 12,
  CANCELLED: 12,
  RESOURCE_NOT_FOUND: 3,
  METHOD_NOT_FOUND: 6,
  NO_CLIENT_TO_ASK: 6,
  INTERNAL: 70,
};
