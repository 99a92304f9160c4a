import { parseJSONRPCMessage } from "@modelcontextprotocol/server";
import { describe, expect, it } from "vitest";
import { isJsonRpcMessage } from "./json-rpc-shape.js";

const CASES: [string, unknown][] = [
  ["a request", { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "echo" } }],
  ["a request with a string id and no params", { jsonrpc: "2.0", id: "a", method: "ping" }],
  ["a notification", { jsonrpc: "2.0", method: "notifications/initialized" }],
  ["a result", { jsonrpc: "2.0", id: 3, result: {} }],
  ["an error", { jsonrpc: "2.0", id: 3, error: { code: -32601, message: "no", data: { x: 1 } } }],
  ["an error without an id", { jsonrpc: "2.0", error: { code: -32700, message: "parse" } }],
  ["an id past the safe integers", { jsonrpc: "2.0", id: 1152921504606859300, method: "tools/list" }],
  ["a fractional id", { jsonrpc: "2.0", id: 1.5, method: "ping" }],
  ["a null id", { jsonrpc: "2.0", id: null, method: "ping" }],
  ["params that are an array", { jsonrpc: "2.0", id: 1, method: "ping", params: [1] }],
  ["_meta that is a string", { jsonrpc: "2.0", id: 1, method: "ping", params: { _meta: "x" } }],
  ["an extra key", { jsonrpc: "2.0", id: 1, method: "ping", extra: true }],
  ["a wrong version", { jsonrpc: "1.0", id: 1, method: "ping" }],
  ["a result that is a string", { jsonrpc: "2.0", id: 1, result: "x" }],
  ["an error with an extra key", { jsonrpc: "2.0", id: 1, error: { code: 1, message: "m", more: 1 } }],
  ["an error with a fractional code", { jsonrpc: "2.0", id: 1, error: { code: 1.5, message: "m" } }],
  ["a method that is a number", { jsonrpc: "2.0", id: 1, method: 5 }],
  ["an array", [{ jsonrpc: "2.0", id: 1, method: "ping" }]],
  ["nothing of a message", { jsonrpc: "2.0", id: 1 }],
  ["a string", "ping"],
];

describe("isJsonRpcMessage", () => {
  it.each(CASES)("agrees with the SDK's schema on %s", (_what, message) => {
    const sdk = (() => {
      try {
        parseJSONRPCMessage(message);
        return true;
      } catch {
        return false;
      }
    })();
    expect(isJsonRpcMessage(message)).toBe(sdk);
  });
});
