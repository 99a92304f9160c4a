import type { Diagnostic } from "./diagnostics.js";

/**
 * Stable error codes of the gateway's own errors. Edges map them: to CLI exit codes, HTTP
 * statuses and JSON-RPC errors, each in one table.
 */
export const ErrorCode = {
  /** A user file is not well-formed YAML. */
  YAML_SYNTAX: "YAML_SYNTAX",
  /** A user file is YAML but does not fit its schema (catalog, registry, config, tools). */
  CONFIG_INVALID: "CONFIG_INVALID",
  /** A named thing (catalog, server, secret, file) does not exist. */
  NOT_FOUND: "NOT_FOUND",
  /** A caller's argument is malformed or contradicts another. */
  INVALID_ARGUMENT: "INVALID_ARGUMENT",
  /** A required secret has no value in any provider of the chain. */
  SECRET_MISSING: "SECRET_MISSING",
  /** A required per-server config value is not set, or does not fit the catalog's schema. */
  CONFIG_MISSING: "CONFIG_MISSING",
  /** A server entry asks for something this gateway does not do. */
  UNSUPPORTED: "UNSUPPORTED",
  /** Reading or writing a file failed. */
  IO: "IO",
  /** A file stayed locked by another process for longer than we wait. */
  LOCK_TIMEOUT: "LOCK_TIMEOUT",
  /** A server could not be started (bad command, image missing, engine refused). */
  SERVER_START_FAILED: "SERVER_START_FAILED",
  /** A server did not answer its first request (initialize) in time; it was stopped. */
  SERVER_START_TIMEOUT: "SERVER_START_TIMEOUT",
  /** A server exited or crashed while requests were in flight. */
  SERVER_EXITED: "SERVER_EXITED",
  /** A server keeps failing: starts are refused until its backoff has passed. */
  SERVER_FAILING: "SERVER_FAILING",
  /** Every allowed instance of a server is busy and none freed up in time. */
  CAPACITY_EXCEEDED: "CAPACITY_EXCEEDED",
  /** The Docker engine cannot be reached. */
  ENGINE_UNAVAILABLE: "ENGINE_UNAVAILABLE",
  /** An image is not present and could not be pulled. */
  IMAGE_UNAVAILABLE: "IMAGE_UNAVAILABLE",
  /**
   * With signature verification on, an image has no signature that a trusted key made over its
   * digest and repository (unsigned, another key, another digest or repository); it was not run.
   */
  SIGNATURE_INVALID: "SIGNATURE_INVALID",
  /**
   * A remote server wants an OAuth authorization mcpgw does not hold (none yet, revoked, or a
   * refresh that failed); `data.url` is an authorization URL the gateway completes when opened.
   */
  AUTHORIZATION_REQUIRED: "AUTHORIZATION_REQUIRED",
  /** A request of the catalog is refused for safety (a sensitive volume, an insecure URL). */
  REFUSED: "REFUSED",
  /** A request to a server took longer than allowed. */
  TIMEOUT: "TIMEOUT",
  /** The caller gave up on a request (it was cancelled); the server was told. */
  CANCELLED: "CANCELLED",
  /** No server offers the resource a client asked for (MCP's own "resource not found"). */
  RESOURCE_NOT_FOUND: "RESOURCE_NOT_FOUND",
  /** A JSON-RPC method the other end cannot take: a request nobody handles, or a question a client did not declare it can answer. */
  METHOD_NOT_FOUND: "METHOD_NOT_FOUND",
  /** A server asked a client something (sampling, elicitation, roots) and no single client session can be told to answer it. */
  NO_CLIENT_TO_ASK: "NO_CLIENT_TO_ASK",
  /** A bug: anything thrown that is not a GatewayError. */
  INTERNAL: "INTERNAL",
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface GatewayErrorOptions {
  cause?: unknown;
  /** Structured detail for machines; never secret values. */
  data?: unknown;
  /** What the user can do about it, e.g. the command that sets a missing value. */
  suggestion?: string;
  /** Per-file findings, for errors about user files. */
  diagnostics?: Diagnostic[];
}

/** The one error type of mcpgw: a message for people and a stable `code` for programs. */
export class GatewayError extends Error {
  override readonly name = "GatewayError";
  readonly code: ErrorCode;
  readonly data: unknown;
  readonly suggestion: string | undefined;
  readonly diagnostics: readonly Diagnostic[];

  constructor(code: ErrorCode, message: string, options: GatewayErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.data = options.data;
    this.suggestion = options.suggestion;
    this.diagnostics = options.diagnostics ?? [];
  }
}

/** Turns any thrown value into a GatewayError, keeping the original as `cause`. */
export function toGatewayError(error: unknown): GatewayError {
  if (error instanceof GatewayError) return error;
  if (isNodeError(error) && typeof error.code === "string" && error.syscall !== undefined) {
    return new GatewayError(ErrorCode.IO, error.message, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new GatewayError(ErrorCode.INTERNAL, message, { cause: error });
}

/** Whether a value is an error raised by Node's system calls (it has `code`, maybe `syscall`). */
export function isNodeError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && "code" in error;
}
