import { describe, expect, it } from "vitest";
import { ErrorCode, GatewayError } from "./errors.js";
import { JSON_RPC_ERROR_CODES, toJsonRpcError } from "./json-rpc.js";
import { UpstreamError } from "./upstream-error.js";

// Codes MCP gives a meaning of its own: -32002 "resource not found" (which the SDK rewrites to
// -32602 on the way out) and -32042 "URL elicitation required".
const MCP_RESERVED: Record<number, ErrorCode | undefined> = { [-32002]: ErrorCode.RESOURCE_NOT_FOUND, [-32042]: undefined };

describe("JSON_RPC_ERROR_CODES", () => {
  it("uses a code MCP reserves only for the error it means, so a client never reads a gateway failure as something else", () => {
    for (const [code, rpc] of Object.entries(JSON_RPC_ERROR_CODES)) {
      if (rpc in MCP_RESERVED) expect(MCP_RESERVED[rpc], code).toBe(code);
    }
  });

  it("keeps the stable code in data", () => {
    expect(toJsonRpcError(new GatewayError(ErrorCode.SERVER_EXITED, 'server "s" exited with code 1', { data: { server: "s" } }))).toEqual({
      code: -32007,
      message: 'server "s" exited with code 1',
      data: { server: "s", code: "SERVER_EXITED" },
    });
  });
});

describe("toJsonRpcError", () => {
  it("carries an upstream's error answer verbatim", () => {
    expect(toJsonRpcError(new UpstreamError({ code: -32042, message: "open this URL", data: { url: "https://x" } }))).toEqual({ code: -32042, message: "open this URL", data: { url: "https://x" } });
    expect(toJsonRpcError(new UpstreamError({ code: -32601, message: "no such method" }))).toEqual({ code: -32601, message: "no such method" });
  });

  it("makes anything else a gateway error, with its code", () => {
    expect(toJsonRpcError(new Error("boom"))).toEqual({ code: -32603, message: "boom", data: { code: "INTERNAL" } });
    expect(toJsonRpcError("odd")).toEqual({ code: -32603, message: "odd", data: { code: "INTERNAL" } });
    // A foreign error with a numeric code is not trusted as a wire error: only UpstreamError is.
    expect(toJsonRpcError(Object.assign(new Error("x"), { code: -32000 })).code).toBe(-32603);
  });

  it("keeps MCP's own data of resource not found, which is how clients recognise it", () => {
    const error = new GatewayError(ErrorCode.RESOURCE_NOT_FOUND, "no server offers the resource a://b", { data: { uri: "a://b" } });
    expect(toJsonRpcError(error)).toEqual({ code: -32002, message: "no server offers the resource a://b", data: { uri: "a://b" } });
  });

  it("maps the codes of the router's own refusals", () => {
    expect(toJsonRpcError(new GatewayError(ErrorCode.METHOD_NOT_FOUND, "m")).code).toBe(-32601);
    expect(toJsonRpcError(new GatewayError(ErrorCode.NO_CLIENT_TO_ASK, "m")).code).toBe(-32603);
    expect(toJsonRpcError(new GatewayError(ErrorCode.CANCELLED, "m")).code).toBe(-32800);
  });
});
