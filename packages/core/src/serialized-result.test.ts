import { describe, expect, it } from "vitest";
import { encodeJsonRpc, SerializedResult } from "./serialized-result.js";

const decode = (payload: string | Uint8Array) => (typeof payload === "string" ? payload : new TextDecoder().decode(payload));

describe("SerializedResult and encodeJsonRpc", () => {
  const page = new SerializedResult({ tools: [{ name: "échos", inputSchema: { type: "object" } }], nextCursor: "NTAw" });

  it("writes an answer carrying it as the JSON of the plain answer, from its bytes", () => {
    for (const id of [7, "a\"b"]) {
      const payload = encodeJsonRpc({ jsonrpc: "2.0", id, result: page });
      expect(payload).toBeInstanceOf(Uint8Array);
      expect(JSON.parse(decode(payload))).toEqual({ jsonrpc: "2.0", id, result: page.value });
    }
  });

  it("is an ordinary value to JSON.stringify, for transports that do not know it", () => {
    expect(JSON.parse(JSON.stringify({ jsonrpc: "2.0", id: 1, result: page }))).toEqual({ jsonrpc: "2.0", id: 1, result: page.value });
  });

  it("serializes other messages as they are", () => {
    const message = { jsonrpc: "2.0", id: 1, result: { content: [] } };
    expect(encodeJsonRpc(message)).toBe(JSON.stringify(message));
    const extra = { jsonrpc: "2.0", id: 1, result: page, other: true };
    expect(JSON.parse(decode(encodeJsonRpc(extra)))).toEqual({ ...extra, result: page.value });
  });
});
