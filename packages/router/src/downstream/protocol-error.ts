// The seam between the SDK's errors and the gateway's: what a handler throws becomes the SDK's
// ProtocolError here, and what a client answers becomes an UpstreamError here.
import { ErrorCode, GatewayError, toJsonRpcError, UpstreamError } from "@mcpgw/core";
import { ProtocolError } from "@modelcontextprotocol/server";

/**
 * Any failure as the ProtocolError the SDK answers a client with, the one place it is made: a
 * ProtocolError the SDK raised itself stays as it is, anything else is what `toJsonRpcError`
 * makes of it (an upstream's error verbatim, a GatewayError with its code).
 */
export function toProtocolError(error: unknown): ProtocolError {
  if (error instanceof ProtocolError) return error;
  const rpc = toJsonRpcError(error);
  return new ProtocolError(rpc.code, rpc.message, rpc.data);
}

/**
 * The failure of a request whose params did not fit the SDK's schema for the method: the SDK
 * throws a bare `Error` for it, which JSON-RPC wants answered with -32602 (invalid params).
 */
export function invalidParams(method: string, error: Error): ProtocolError {
  return toProtocolError(new GatewayError(ErrorCode.INVALID_ARGUMENT, `Invalid params for ${method}: ${error.message}`, { cause: error }));
}

/** A client's error answer to a server's question, to be carried to that server verbatim. */
export function fromClientAnswer(error: unknown): unknown {
  return error instanceof ProtocolError ? new UpstreamError({ code: error.code, message: error.message, data: error.data }) : error;
}

/** The JSON-RPC code a client gets for a failure, for the call log. */
export function errorCode(error: unknown): number {
  return toProtocolError(error).code;
}
