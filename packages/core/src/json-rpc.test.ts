import { describe, expect, it } from "vitest";
import { ErrorCode, GatewayError } from "./errors.js";
import { JSON_RPC_ERROR_CODES, toJsonRpcError } from "./json-rpc.js";

// Codes MCP gives a meaning of its own: -32002 "resource not found" (which the SDK rewrites to
// -32602 on the way out) and -32042 "URL elicitation required".
const MCP_RESERVED = [-32002, -32042];

describe("JSON_RPC_ERROR_CODES", () => {
  it("uses no code that MCP reserves, so a client never reads a gateway failure as something else", () => {
    for (const [code, rpc] of Object.entries(JSON_RPC_ERROR_CODES)) expect(MCP_RESERVED, code).not.toContain(rpc);
  });

  it("keeps the stable code in data", () => {
    expect(toJsonRpcError(new GatewayError(ErrorCode.SERVER_EXITED, 'server "s" exited with code 1', { data: { server: "s" } }))).toEqual({
      code: -32007,
      message: 'server "s" exited with code 1',
      data: { server: "s", code: "SERVER_EXITED" },
    });
  });
});
