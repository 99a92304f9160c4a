import { GatewayError, toJsonRpcError } from "@mcpgw/core";
import { ProtocolError } from "@modelcontextprotocol/server";
import { UpstreamError } from "./upstream/json-rpc-session.js";

/** Any failure as the JSON-RPC error a downstream client gets: upstream errors keep their code. */
export function toProtocolError(error: unknown): ProtocolError {
  if (error instanceof ProtocolError) return error;
  if (error instanceof UpstreamError) return new ProtocolError(error.code, error.message, error.data);
  if (error instanceof GatewayError) {
    const rpc = toJsonRpcError(error);
    return new ProtocolError(rpc.code, rpc.message, rpc.data);
  }
  return new ProtocolError(-32603, error instanceof Error ? error.message : String(error));
}

/** The JSON-RPC code of a failure, for the call log. */
export function errorCode(error: unknown): number {
  return toProtocolError(error).code;
}
