import type { JsonRpcMessage, MessageTransport } from "@mcpgw/core";
import { ErrorCode, GatewayError, UpstreamError } from "@mcpgw/core";
import { describe, expect, it } from "vitest";
import { linkedTransports } from "../testing/memory-connector.js";
import { JsonRpcSession } from "./json-rpc-session.js";

/** A session on one end of a linked pair; the test plays the server on the other end. */
async function open() {
  const [ours, theirs] = linkedTransports();
  const received: JsonRpcMessage[] = [];
  const waiters: (() => void)[] = [];
  theirs.onmessage = (m) => {
    received.push(m);
    for (const wake of waiters.splice(0)) wake();
  };
  const session = new JsonRpcSession(ours, "srv");
  await session.start();
  const next = async (count: number) => {
    while (received.length < count) await new Promise<void>((resolve) => waiters.push(resolve));
    return received[count - 1]!;
  };
  return { session, theirs: theirs as MessageTransport, received, next };
}

describe("JsonRpcSession", () => {
  it("numbers its own requests and hands each answer to its caller, untouched", async () => {
    const { session, theirs, next } = await open();
    const first = session.request("tools/call", { name: "a" });
    const second = session.request("tools/call", { name: "b" });
    const [m1, m2] = [await next(1), await next(2)];
    expect([m1.id, m2.id]).toEqual([1, 2]);
    await theirs.send({ jsonrpc: "2.0", id: 2, result: { for: "b", extra: [1] } });
    await theirs.send({ jsonrpc: "2.0", id: 1, error: { code: -32042, message: "needs a URL", data: { url: "u" } } });
    expect(await second).toEqual({ for: "b", extra: [1] });
    const failure = await first.catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UpstreamError);
    expect(failure).toMatchObject({ code: -32042, message: "needs a URL", data: { url: "u" } });
  });

  it("gives a request a progress token of its own and routes its progress to it", async () => {
    const { session, theirs, next } = await open();
    const seen: unknown[] = [];
    const call = session.request("tools/call", { name: "a", _meta: { keep: 1 } }, { onProgress: (p) => seen.push(p.progress) });
    const sent = await next(1);
    const meta = (sent.params as { _meta: Record<string, unknown> })._meta;
    expect(meta).toEqual({ keep: 1, progressToken: sent.id });
    await theirs.send({ jsonrpc: "2.0", method: "notifications/progress", params: { progressToken: sent.id, progress: 5 } });
    await theirs.send({ jsonrpc: "2.0", method: "notifications/progress", params: { progressToken: 999, progress: 6 } });
    await theirs.send({ jsonrpc: "2.0", id: sent.id!, result: {} });
    await call;
    expect(seen).toEqual([5]);
  });

  it("cancels upstream when the caller gives up or the deadline passes, but never initialize", async () => {
    const { session, next } = await open();
    const controller = new AbortController();
    const aborted = session.request("tools/call", {}, { signal: controller.signal });
    await next(1);
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ code: ErrorCode.CANCELLED });
    expect((await next(2)).params).toMatchObject({ requestId: 1 });

    await expect(session.request("tools/call", {}, { timeoutMs: 10 })).rejects.toMatchObject({ code: ErrorCode.TIMEOUT, message: 'server "srv" did not answer tools/call within 10 ms; the request was cancelled' });
    expect((await next(4)).method).toBe("notifications/cancelled");
    await expect(session.request("initialize", {}, { timeoutMs: 10 })).rejects.toMatchObject({ code: ErrorCode.TIMEOUT, message: 'server "srv" did not answer initialize within 10 ms' });
  });

  it("answers a server's requests through its handler, failures as JSON-RPC errors with codes", async () => {
    const { session, theirs, next } = await open();
    await theirs.send({ jsonrpc: "2.0", id: "q0", method: "roots/list" });
    expect((await next(1)).error).toEqual({ code: -32601, message: "method not found: roots/list", data: { code: "METHOD_NOT_FOUND" } });
    session.onrequest = async (method) => {
      if (method === "sampling/createMessage") throw new UpstreamError({ code: -1, message: "the user declined" });
      if (method === "elicitation/create") throw new GatewayError(ErrorCode.NO_CLIENT_TO_ASK, "nobody to ask");
      if (method === "roots/list") throw new Error("a bug");
      return { ok: true };
    };
    const ask = async (id: string, method: string, at: number) => {
      await theirs.send({ jsonrpc: "2.0", id, method });
      return next(at);
    };
    expect((await ask("q1", "sampling/createMessage", 2)).error).toEqual({ code: -1, message: "the user declined" });
    expect((await ask("q2", "elicitation/create", 3)).error).toEqual({ code: -32603, message: "nobody to ask", data: { code: "NO_CLIENT_TO_ASK" } });
    expect((await ask("q3", "roots/list", 4)).error).toEqual({ code: -32603, message: "a bug", data: { code: "INTERNAL" } });
    expect(await ask("q4", "other/thing", 5)).toEqual({ jsonrpc: "2.0", id: "q4", result: { ok: true } });
    expect(await ask("q5", "ping", 6)).toEqual({ jsonrpc: "2.0", id: "q5", result: {} });
  });

  it("fails what is pending when the channel closes, and refuses new requests", async () => {
    const { session, theirs, next } = await open();
    let closed = false;
    session.onclose = () => (closed = true);
    const pending = session.request("tools/call", {});
    await next(1);
    await theirs.close();
    await expect(pending).rejects.toMatchObject({ code: ErrorCode.SERVER_EXITED, message: "the upstream connection closed" });
    expect(closed).toBe(true);
    await expect(session.request("tools/call", {})).rejects.toMatchObject({ code: ErrorCode.SERVER_EXITED, message: "the upstream connection is closed" });
  });

  it("refuses a request whose caller already gave up, keeping the caller's reason", async () => {
    const { session } = await open();
    const reason = new GatewayError(ErrorCode.TIMEOUT, "the client's deadline passed");
    await expect(session.request("tools/call", {}, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    await expect(session.request("tools/call", {}, { signal: AbortSignal.abort("bye") })).rejects.toMatchObject({ code: ErrorCode.CANCELLED, data: { server: "srv", method: "tools/call" } });
  });

  it("hands other notifications to its listener, and drops progress once the request is answered", async () => {
    const { session, theirs, next } = await open();
    const notifications: string[] = [];
    let heard!: () => void;
    const last = new Promise<void>((resolve) => (heard = resolve));
    session.onnotification = (method) => (notifications.push(method), heard());
    const seen: unknown[] = [];
    const call = session.request("tools/call", {}, { onProgress: (p) => seen.push(p.progress) });
    const sent = await next(1);
    await theirs.send({ jsonrpc: "2.0", id: sent.id!, result: {} });
    await call;
    await theirs.send({ jsonrpc: "2.0", method: "notifications/progress", params: { progressToken: sent.id, progress: 1 } });
    await theirs.send({ jsonrpc: "2.0", id: 99, result: { for: "nobody" } });
    // Messages arrive in order: once this one is heard, the ones before it were handled.
    await theirs.send({ jsonrpc: "2.0", method: "notifications/tools/list_changed" });
    await last;
    expect(notifications).toEqual(["notifications/tools/list_changed"]);
    expect(seen).toEqual([]);
  });

  it("sends nothing once closed: notifications are dropped quietly", async () => {
    const { session, received } = await open();
    await session.close();
    expect(session.closed).toBe(true);
    await session.notify("notifications/cancelled", { requestId: 1 });
    expect(received).toEqual([]);
  });
});
