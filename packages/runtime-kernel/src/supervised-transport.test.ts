import { afterEach, describe, expect, it, vi } from "vitest";
import type { JsonRpcMessage, MessageTransport } from "@mcpgw/core";
import { ErrorCode, GatewayError } from "@mcpgw/core";
import { PassThrough } from "node:stream";
import { NdjsonTransport } from "./ndjson-transport.js";
import { SupervisedTransport } from "./supervised-transport.js";

/** An in-memory server side: records what it gets, answers when told. */
class FakeServer implements MessageTransport {
  onmessage?: (m: JsonRpcMessage) => void;
  onclose?: () => void;
  received: JsonRpcMessage[] = [];
  async start() {}
  async send(m: JsonRpcMessage) {
    this.received.push(m);
  }
  async close() {
    this.onclose?.();
  }
  answer(id: number) {
    this.onmessage?.({ jsonrpc: "2.0", id, result: {} });
  }
}

function supervise(server: FakeServer, over: Partial<ConstructorParameters<typeof SupervisedTransport>[1]> = {}) {
  const events: string[] = [];
  const transport = new SupervisedTransport(server, {
    startTimeoutMs: 10_000,
    onStartTimeout: () => events.push("start-timeout"),
    onIdle: () => events.push("idle"),
    describeClose: async () => new GatewayError(ErrorCode.SERVER_EXITED, 'server "s" exited with code 1'),
    ...over,
  });
  const messages: JsonRpcMessage[] = [];
  transport.onmessage = (m) => messages.push(m);
  transport.onclose = () => events.push("close");
  return { transport, messages, events };
}

describe("SupervisedTransport", () => {
  it("answers every request in flight with an error when the server goes away", async () => {
    const server = new FakeServer();
    const { transport, messages, events } = supervise(server);
    await transport.start();
    await transport.send({ jsonrpc: "2.0", id: 1, method: "initialize" });
    server.answer(1);
    await transport.send({ jsonrpc: "2.0", id: 2, method: "tools/call" });
    await transport.send({ jsonrpc: "2.0", id: 3, method: "tools/call" });
    await transport.send({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: 3 } });
    expect(transport.inFlight).toBe(1);
    await server.close();
    await new Promise((r) => setImmediate(r));
    expect(messages).toEqual([
      { jsonrpc: "2.0", id: 1, result: {} },
      { jsonrpc: "2.0", id: 2, error: { code: -32007, message: 'server "s" exited with code 1', data: { code: "SERVER_EXITED" } } },
    ]);
    expect(events).toEqual(["close"]);
    await expect(transport.send({ jsonrpc: "2.0", id: 9, method: "ping" })).rejects.toThrow('server "s" exited with code 1');
  });

  it("answers a request whose write failed with the reason the server went away", async () => {
    const server = new FakeServer();
    server.send = async () => {
      throw new Error("write EPIPE");
    };
    const { transport, messages } = supervise(server);
    await transport.start();
    await transport.send({ jsonrpc: "2.0", id: 7, method: "initialize" });
    await server.close();
    await new Promise((r) => setImmediate(r));
    expect(messages).toEqual([{ jsonrpc: "2.0", id: 7, error: { code: -32007, message: 'server "s" exited with code 1', data: { code: "SERVER_EXITED" } } }]);
  });

  it("refuses at once a request too deep to write, and goes on writing others", async () => {
    const toServer = new PassThrough();
    const written: string[] = [];
    toServer.setEncoding("utf8").on("data", (chunk: string) => written.push(chunk));
    const transport = new SupervisedTransport(new NdjsonTransport(new PassThrough(), toServer), {
      startTimeoutMs: 10_000,
      onStartTimeout: () => {},
      onIdle: () => {},
      describeClose: async () => new GatewayError(ErrorCode.SERVER_EXITED, "gone"),
    });
    const messages: JsonRpcMessage[] = [];
    transport.onmessage = (m) => messages.push(m);
    await transport.start();
    let deep: unknown = "bottom";
    for (let i = 0; i < 200_000; i++) deep = [deep];
    await transport.send({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { arguments: { deep } } });
    expect(messages).toEqual([{ jsonrpc: "2.0", id: 1, error: { code: -32602, message: expect.stringMatching(/^the message cannot be written as JSON: /), data: { code: "INVALID_ARGUMENT" } } }]);
    expect(transport.inFlight).toBe(0);
    await transport.send({ jsonrpc: "2.0", id: 2, method: "ping" });
    expect(written.join("")).toBe('{"jsonrpc":"2.0","id":2,"method":"ping"}\n');
  });

  describe("on a clock the test moves", () => {
    // Real sleeps would race the timers under test on a busy machine: a late wake-up fires the
    // start timeout after the sleep that was meant to outlast it, and the idle timer later still.
    afterEach(() => {
      vi.useRealTimers();
    });

    it("reports a server that never answers, and one that sits idle", async () => {
      vi.useFakeTimers();
      const server = new FakeServer();
      const { transport, events } = supervise(server, { startTimeoutMs: 30, idleTimeoutMs: 60 });
      await transport.start();
      await vi.advanceTimersByTimeAsync(150);
      expect(events).toEqual(["start-timeout", "idle"]);
    });

    it("does not call a server idle while a request is in flight", async () => {
      vi.useFakeTimers();
      const server = new FakeServer();
      const { transport, events } = supervise(server, { idleTimeoutMs: 40 });
      await transport.start();
      await transport.send({ jsonrpc: "2.0", id: 1, method: "tools/call" });
      await vi.advanceTimersByTimeAsync(120);
      expect(events).toEqual([]);
      server.answer(1);
      await vi.advanceTimersByTimeAsync(100);
      expect(events).toEqual(["idle"]);
    });

    it("counts idle time from the last message either way", async () => {
      vi.useFakeTimers();
      const server = new FakeServer();
      const { transport, events } = supervise(server, { idleTimeoutMs: 100 });
      await transport.start();
      await vi.advanceTimersByTimeAsync(60);
      await transport.send({ jsonrpc: "2.0", method: "notifications/initialized" });
      await vi.advanceTimersByTimeAsync(60);
      server.onmessage?.({ jsonrpc: "2.0", method: "notifications/message", params: {} });
      await vi.advanceTimersByTimeAsync(90);
      expect(events).toEqual([]);
      await vi.advanceTimersByTimeAsync(20);
      expect(events).toEqual(["idle"]);
    });
  });
});
