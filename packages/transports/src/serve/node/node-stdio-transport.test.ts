// The stdio wire over real streams: PassThrough pairs, a Writable that drains only when told,
// and a child process's pipe whose reader is gone.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { PassThrough, Writable } from "node:stream";
import { SerializedResult } from "@mcpgw/core";
import { within } from "@mcpgw/tooling/testing";
import type { JSONRPCMessage } from "@modelcontextprotocol/server";
import { describe, expect, it } from "vitest";
import { eventually } from "../../testing/raw-http.js";
import type { NodeStdioTransportOptions } from "./node-stdio-transport.js";
import { NodeStdioTransport } from "./node-stdio-transport.js";

const call = (id: number, message: string) => ({ jsonrpc: "2.0", id, method: "tools/call", params: { name: "echo", arguments: { message } } });
const line = (message: object) => `${JSON.stringify(message)}\n`;

async function open(options: NodeStdioTransportOptions = {}, output: Writable = new PassThrough()) {
  const input = new PassThrough();
  const transport = new NodeStdioTransport(input, output, options);
  const messages: unknown[] = [];
  const errors: string[] = [];
  let closes = 0;
  transport.onmessage = (message) => messages.push(message);
  transport.onerror = (error) => errors.push(error.message);
  transport.onclose = () => closes++;
  await transport.start();
  return { input, output, transport, messages, errors, closes: () => closes };
}

describe("NodeStdioTransport", () => {
  it("writes an answer whose result was serialized once as the plain answer's line", async () => {
    const output = new PassThrough();
    const t = await open({}, output);
    const page = new SerializedResult({ tools: [{ name: "échos", inputSchema: { type: "object" } }] });
    await t.transport.send({ jsonrpc: "2.0", id: 4, result: page } as unknown as JSONRPCMessage);
    await t.transport.send({ jsonrpc: "2.0", id: 5, result: page } as unknown as JSONRPCMessage);
    const lines = (output.read() as Buffer).toString("utf8");
    expect(lines).toBe(line({ jsonrpc: "2.0", id: 4, result: page.value }) + line({ jsonrpc: "2.0", id: 5, result: page.value }));
  });

  it("reads every message of a chunk, in order, and a message split over many chunks", async () => {
    const t = await open();
    t.input.write(line(call(1, "a")) + line(call(2, "b")) + line({ jsonrpc: "2.0", method: "notifications/initialized" }));
    const long = JSON.stringify(call(3, "x".repeat(200_000)));
    for (let at = 0; at < long.length; at += 16_384) t.input.write(long.slice(at, at + 16_384));
    t.input.write("\n");
    await eventually(() => t.messages.length === 4, "four messages");
    expect(t.messages).toEqual([call(1, "a"), call(2, "b"), { jsonrpc: "2.0", method: "notifications/initialized" }, call(3, "x".repeat(200_000))]);
    expect(t.errors).toEqual([]);
  });

  it("reads a message of megabytes from a child process's pipe", async () => {
    const big = call(1, "€".repeat(3 * 1024 * 1024));
    // The child builds the same lines: an argument that large is refused by exec.
    const script = `const call = ${call.toString()}; const line = ${line.toString()};
      process.stdout.write(line(call(1, "€".repeat(3 * 1024 * 1024))) + line(call(2, "after")), () => process.exit(0));`;
    const child = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "ignore"] });
    const transport = new NodeStdioTransport(child.stdout, new PassThrough());
    const messages: unknown[] = [];
    let closed = false;
    transport.onmessage = (message) => messages.push(message);
    transport.onclose = () => (closed = true);
    await transport.start();
    await eventually(() => closed, "the child's output to end");
    expect(messages).toEqual([big, call(2, "after")]);
  });

  it("decodes a message split at every byte of its multi-byte characters", async () => {
    const t = await open();
    let chunks = 0;
    t.input.on("data", () => chunks++);
    const text = "é€😀";
    const bytes = Buffer.from(line(call(0, text)));
    const first = bytes.indexOf(Buffer.from(text));
    const cuts = Array.from({ length: Buffer.byteLength(text) + 1 }, (_, i) => first + i);
    for (const cut of cuts) {
      t.input.write(bytes.subarray(0, cut));
      t.input.write(bytes.subarray(cut));
    }
    await eventually(() => t.messages.length === cuts.length, "a message per cut");
    expect(chunks).toBe(2 * cuts.length);
    expect(t.messages).toEqual(cuts.map(() => call(0, text)));
  });

  it("takes CRLF line ends", async () => {
    const t = await open();
    t.input.write(`${JSON.stringify(call(1, "crlf"))}\r\n${JSON.stringify(call(2, "lf"))}\n`);
    await eventually(() => t.messages.length === 2, "both messages");
    expect(t.messages).toEqual([call(1, "crlf"), call(2, "lf")]);
  });

  it("reports a line that is not JSON or not JSON-RPC, skips blank lines, and reads on", async () => {
    const t = await open();
    t.input.write("not json\n\n  \r\n");
    t.input.write('{"jsonrpc":"2.0","id":1}\n[{"jsonrpc":"2.0","method":"a"}]\n{"jsonrpc":"1.0","method":"a"}\n{"jsonrpc":"2.0","id":{},"method":"a"}\n');
    t.input.write(line(call(7, "after")));
    await eventually(() => t.messages.length === 1, "the message after the bad lines");
    expect(t.messages).toEqual([call(7, "after")]);
    expect(t.errors).toEqual([
      "skipped a line that is not JSON (8 characters)",
      ...Array.from({ length: 4 }, () => "skipped a line that is not a JSON-RPC message"),
    ]);
    expect(t.closes()).toBe(0);
  });

  it("ends the session on a line longer than the limit", async () => {
    const t = await open({ maxLineBytes: 1_000 });
    t.input.write(`{"jsonrpc":"2.0","method":"${"x".repeat(600)}`);
    t.input.write(`${"x".repeat(600)}"}\n${line(call(1, "too late"))}`);
    await eventually(() => t.closes() === 1, "the close");
    expect(t.errors).toEqual(["a message longer than 1000 bytes: the session ends"]);
    expect(t.messages).toEqual([]);
  });

  it("closes once when its input ends, and refuses to send after", async () => {
    const t = await open();
    t.input.end(line(call(1, "last")));
    await eventually(() => t.closes() > 0, "the close");
    expect(t.messages).toEqual([call(1, "last")]);
    expect(t.closes()).toBe(1);
    await expect(t.transport.send(call(2, "x") as JSONRPCMessage)).rejects.toThrow(/closed/);
  });

  it("close() stops reading without destroying its input, and reports once", async () => {
    const t = await open();
    await t.transport.close();
    await t.transport.close();
    expect(t.closes()).toBe(1);
    expect(t.input.destroyed).toBe(false);
    expect(t.input.listenerCount("data")).toBe(0);
    expect(t.input.listenerCount("end")).toBe(0);
    t.input.write(line(call(1, "unread")));
    t.input.end();
    expect(t.messages).toEqual([]);
    // The output keeps one listener against late write errors; the next transport on it takes it away.
    expect(t.output.listenerCount("error")).toBe(1);
    await new NodeStdioTransport(new PassThrough(), t.output).start();
    expect(t.output.listenerCount("error")).toBe(1);
  });

  it("writes each message once as a line and waits for drain when the output is full", async () => {
    const writes: string[] = [];
    const held: (() => void)[] = [];
    // Takes one write at a time and finishes it only when the test says so.
    const slow = new Writable({
      highWaterMark: 1_024,
      write(chunk: Buffer, _encoding, done) {
        writes.push(chunk.toString("utf8"));
        held.push(() => done());
      },
    });
    const t = await open({}, slow);
    const small = { jsonrpc: "2.0", method: "notifications/message", params: { level: "info", data: "hi" } } as JSONRPCMessage;
    // Under the mark: settled at once.
    await within(t.transport.send(small), "a write the output took");
    let settled = false;
    const big = t.transport.send({ jsonrpc: "2.0", id: 1, result: { text: "y".repeat(2_000) } } as JSONRPCMessage).then(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    while (held.length > 0) {
      held.shift()!();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await within(big, "the send to settle after drain");
    expect(writes).toEqual([line(small), line({ jsonrpc: "2.0", id: 1, result: { text: "y".repeat(2_000) } })]);
    expect(slow.listenerCount("drain")).toBe(0);
  });

  it("reports a broken pipe on its output and closes, without an uncaught error", async () => {
    // A reader that closes its end of the pipe and stays.
    const child = spawn(process.execPath, ["-e", 'require("node:fs").closeSync(0); process.stdout.write("closed\\n"); setInterval(() => {}, 1000)'], { stdio: ["pipe", "pipe", "ignore"] });
    try {
      await within(once(child.stdout, "data"), "the child to close its stdin");
      const t = await open({}, child.stdin);
      const sent = t.transport.send({ jsonrpc: "2.0", method: "notifications/message", params: { data: "z".repeat(100_000) } } as JSONRPCMessage);
      await expect(sent).rejects.toThrow(/EPIPE/);
      await eventually(() => t.closes() === 1, "the close after EPIPE");
      expect(t.errors).toEqual([expect.stringMatching(/EPIPE/)]);
      // A later failure of the same stream is swallowed by the listener the close left.
      expect(() => child.stdin.emit("error", new Error("late failure"))).not.toThrow();
      expect(t.errors).toHaveLength(1);
    } finally {
      child.kill();
    }
  });
});
