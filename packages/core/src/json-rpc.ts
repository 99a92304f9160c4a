import type { ErrorCode } from "./errors.js";
import { toGatewayError } from "./errors.js";
import { UpstreamError } from "./upstream-error.js";
import { definedOnly } from "./defined.js";

/** A JSON-RPC id. */
export type JsonRpcId = string | number;

export interface JsonRpcErrorObject {
  code: number;
  message: string;
  data?: unknown;
}

/**
 * Any JSON-RPC 2.0 message: a request (`method` and `id`), a notification (`method`, no `id`)
 * or a response (`id` with `result` or `error`). Kept loose on purpose: the gateway passes
 * messages through without re-validating them on the hot path.
 */
export interface JsonRpcMessage {
  jsonrpc: "2.0";
  id?: JsonRpcId | null;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: JsonRpcErrorObject;
}

/** Whether a message is a request (it expects a response). */
export function isJsonRpcRequest(m: JsonRpcMessage): m is JsonRpcMessage & { id: JsonRpcId; method: string } {
  return typeof m.method === "string" && m.id !== undefined && m.id !== null;
}

/** Whether a message is a response (a result or an error for an id). */
export function isJsonRpcResponse(m: JsonRpcMessage): m is JsonRpcMessage & { id: JsonRpcId } {
  return m.method === undefined && m.id !== undefined && m.id !== null && ("result" in m || "error" in m);
}

/** JSON-RPC error codes of the gateway's own errors, the one table for them. */
export const JSON_RPC_ERROR_CODES: Record<ErrorCode, number> = {
  INVALID_ARGUMENT: -32602,
  NOT_FOUND: -32601,
  YAML_SYNTAX: -32603,
  CONFIG_INVALID: -32603,
  CONFIG_MISSING: -32603,
  SECRET_MISSING: -32603,
  UNSUPPORTED: -32601,
  IO: -32603,
  LOCK_TIMEOUT: -32603,
  SERVER_START_FAILED: -32001,
  SERVER_START_TIMEOUT: -32001,
  // Not -32002: MCP reserves it for "resource not found", and the SDK rewrites it to -32602.
  SERVER_EXITED: -32007,
  SERVER_FAILING: -32003,
  CAPACITY_EXCEEDED: -32004,
  ENGINE_UNAVAILABLE: -32001,
  IMAGE_UNAVAILABLE: -32001,
  REFUSED: -32005,
  SIGNATURE_INVALID: -32009,
  TIMEOUT: -32006,
  // Not MCP's -32042 (URL elicitation required): that one is for clients that declared URL
  // elicitation, which get an `elicitation/create` instead of this error.
  AUTHORIZATION_REQUIRED: -32008,
  // LSP's RequestCancelled: MCP answers no cancelled request, so only the call log shows it.
  CANCELLED: -32800,
  // MCP's own code; the SDK sends it as -32602 with `data.uri`, which is how clients know it.
  RESOURCE_NOT_FOUND: -32002,
  METHOD_NOT_FOUND: -32601,
  NO_CLIENT_TO_ASK: -32603,
  INTERNAL: -32603,
};

/**
 * The JSON-RPC error object for any failure, the one place errors become wire errors. An
 * UpstreamError is carried verbatim; anything else becomes a GatewayError (`toGatewayError`),
 * whose `data.code` keeps the stable code. RESOURCE_NOT_FOUND keeps MCP's own data (`{ uri }`)
 * untouched: clients recognise the error by that shape.
 * @example
 * transport.send(errorResponse(id, toJsonRpcError(error)));
 */
export function toJsonRpcError(error: unknown): JsonRpcErrorObject {
  if (error instanceof UpstreamError) return error.toJSON();
  const gateway = toGatewayError(error);
  const code = JSON_RPC_ERROR_CODES[gateway.code];
  if (gateway.code === "RESOURCE_NOT_FOUND") return { code, message: gateway.message, ...definedOnly({ data: gateway.data }) };
  const data = typeof gateway.data === "object" && gateway.data !== null ? gateway.data : {};
  return { code, message: gateway.message, data: { ...data, code: gateway.code } };
}

/** An error response to `id`. */
export function errorResponse(id: JsonRpcId, error: JsonRpcErrorObject): JsonRpcMessage {
  return { jsonrpc: "2.0", id, error };
}
