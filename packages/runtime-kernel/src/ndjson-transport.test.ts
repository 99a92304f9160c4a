import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import type { JsonRpcMessage } from "@mcpgw/core";
import { NdjsonTransport } from "./ndjson-transport.js";
import { definedOnly } from "@mcpgw/core";

async function pair(maxLineBytes?: number) {
  const input = new PassThrough();
  const output = new PassThrough();
  const transport = new NdjsonTransport(input, output, definedOnly({ maxLineBytes }));
  const messages: JsonRpcMessage[] = [];
  const errors: string[] = [];
  transport.onmessage = (m) => messages.push(m);
  transport.onerror = (e) => errors.push(e.message);
  await transport.start();
  return { input, output, transport, messages, errors };
}

describe("NdjsonTransport", () => {
  it("reads messages split across chunks and several in one chunk", async () => {
    const t = await pair();
    t.input.write('{"jsonrpc":"2.0","id":1,');
    t.input.write('"result":{}}\n{"jsonrpc":"2.0","method":"a"}\r\n{"jsonrpc":"2.0","method":"b"}\n');
    await new Promise((r) => setImmediate(r));
    expect(t.messages).toEqual([{ jsonrpc: "2.0", id: 1, result: {} }, { jsonrpc: "2.0", method: "a" }, { jsonrpc: "2.0", method: "b" }]);
  });

  it("drops garbage and oversized lines, reports them, and goes on", async () => {
    const t = await pair(64);
    t.input.write("not json\n[1,2]\n");
    t.input.write(`${"x".repeat(50)}`);
    t.input.write(`${"x".repeat(50)}`);
    t.input.write(`${"x".repeat(50)}\n{"jsonrpc":"2.0","method":"after"}\n`);
    await new Promise((r) => setImmediate(r));
    expect(t.messages).toEqual([{ jsonrpc: "2.0", method: "after" }]);
    expect(t.errors).toEqual([
      'dropped a line that is not JSON: "not json"',
      'dropped a line that is not a JSON-RPC message: "[1,2]"',
      "dropped a line longer than 64 bytes",
    ]);
  });

  it("writes one line per message and closes once", async () => {
    const t = await pair();
    let closes = 0;
    t.transport.onclose = () => closes++;
    await t.transport.send({ jsonrpc: "2.0", id: "a", method: "ping" });
    expect(t.output.read()?.toString()).toBe('{"jsonrpc":"2.0","id":"a","method":"ping"}\n');
    t.input.end();
    await t.transport.close();
    await new Promise((r) => setImmediate(r));
    expect(closes).toBe(1);
    await expect(t.transport.send({ jsonrpc: "2.0", method: "x" })).rejects.toThrow(/closed/);
  });
});
