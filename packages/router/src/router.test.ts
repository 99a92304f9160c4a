import { CallToolResultSchema, ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import type { ListChange } from "./router.js";
import type { FakeRequest } from "./testing/memory-connector.js";
import { closeAll, connect, deferred, setup, spec, until } from "./testing/harness.js";

afterEach(closeAll);

const tool = (name: string) => ({ name, inputSchema: { type: "object" } });
const text = (result: unknown) => JSON.stringify((result as { content: unknown }).content);

describe("sharing modes", () => {
  it("shared: one upstream for every session", async () => {
    const { router, connector } = setup([spec("s", "shared", { tools: [tool("echo")] })]);
    const [a, b] = await Promise.all([connect(router), connect(router)]);
    await a.callTool({ name: "echo", arguments: { from: "a" } });
    await b.callTool({ name: "echo", arguments: { from: "b" } });
    expect(connector.started.map((s) => [s.name, s.session])).toEqual([["s", undefined]]);
    expect(connector.started[0]!.requests("tools/call")).toHaveLength(2);
  });

  it("session: one upstream per session, owned by it and closed with it", async () => {
    const { router, connector } = setup([spec("s", "session", { tools: [tool("echo")] })]);
    const [a, b] = await Promise.all([connect(router), connect(router)]);
    await a.callTool({ name: "echo", arguments: {} });
    await b.callTool({ name: "echo", arguments: {} });
    await a.callTool({ name: "echo", arguments: {} });
    expect(connector.started.map((s) => s.session)).toEqual([a.id, b.id]);
    router.sessionClosed(a.id);
    await until(() => connector.started[0]!.closed, "the closed session's upstream to stop");
    expect(connector.started[1]!.closed).toBe(false);
  });

  it("call: a fresh upstream per call, closed after it", async () => {
    const { router, connector } = setup([spec("s", "call", { tools: [tool("echo")] })]);
    const client = await connect(router);
    await client.callTool({ name: "echo", arguments: {} });
    await client.callTool({ name: "echo", arguments: {} });
    expect(connector.started).toHaveLength(2);
    await until(() => connector.started.every((s) => s.closed), "both call upstreams to stop");
  });

  it("lists from the catalog without starting anything", async () => {
    const { router, connector } = setup([spec("s", "shared", { tools: [tool("echo")] })]);
    const client = await connect(router);
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(["echo"]);
    expect(connector.started).toEqual([]);
  });
});

describe("ids and progress tokens on a shared upstream", () => {
  it("gives two sessions' requests ids of the upstream's own, and each its own answer", async () => {
    const held: { request: FakeRequest; answer: (value: unknown) => void }[] = [];
    const { router, connector } = setup([spec("s", "shared", { tools: [tool("slow")] })], {
      s: {
        handle: (request) => {
          const { promise, resolve } = deferred();
          held.push({ request, answer: resolve });
          return promise;
        },
      },
    });
    const [a, b] = await Promise.all([connect(router), connect(router)]);
    // Both clients' first request after initialize has the same JSON-RPC id on their own sessions.
    const fromA = a.callTool({ name: "slow", arguments: { who: "a" } });
    const fromB = b.callTool({ name: "slow", arguments: { who: "b" } });
    await until(() => held.length === 2, "both calls to reach the upstream");
    const ids = held.map((h) => h.request.id);
    expect(new Set(ids).size).toBe(2);
    // Answered in reverse order: each answer still goes to the session that asked.
    for (const h of [...held].reverse()) h.answer({ content: [{ type: "text", text: `for ${(h.request.params.arguments as { who: string }).who}` }] });
    expect(text(await fromA)).toContain("for a");
    expect(text(await fromB)).toContain("for b");
    expect(connector.started).toHaveLength(1);
  });

  it("rewrites progress tokens upstream and gives each client its own back", async () => {
    const held: FakeRequest[] = [];
    const done = deferred();
    const { router } = setup([spec("s", "shared", { tools: [tool("work")] })], {
      s: {
        handle: async (request, server) => {
          held.push(request);
          await done.promise;
          await server.progress(request, held.indexOf(request) + 1);
          return { content: [] };
        },
      },
    });
    const [a, b] = await Promise.all([connect(router), connect(router)]);
    const seen: Record<string, number[]> = { a: [], b: [] };
    const calls = [
      a.callTool({ name: "work", arguments: {} }, CallToolResultSchema, { onprogress: (p) => seen.a!.push(p.progress) }),
      b.callTool({ name: "work", arguments: {} }, CallToolResultSchema, { onprogress: (p) => seen.b!.push(p.progress) }),
    ];
    await until(() => held.length === 2, "both calls to reach the upstream");
    const tokens = held.map((r) => r.params._meta?.progressToken);
    expect(tokens.every((t) => t !== undefined)).toBe(true);
    expect(new Set(tokens).size).toBe(2);
    done.resolve(undefined);
    await Promise.all(calls);
    expect(seen.a!.length + seen.b!.length).toBe(2);
    expect([...seen.a!, ...seen.b!].sort()).toEqual([1, 2]);
  });
});

describe("cancellation", () => {
  it("tells the upstream which of its requests the client gave up on, and keeps serving", async () => {
    const arrived = deferred<FakeRequest>();
    const { router, connector } = setup([spec("s", "shared", { tools: [tool("slow"), tool("echo")] })], {
      s: {
        handle: (request) => {
          if ((request.params.name as string) === "echo") return { content: [{ type: "text", text: "still here" }] };
          arrived.resolve(request);
          return new Promise(() => {});
        },
      },
    });
    const client = await connect(router);
    const controller = new AbortController();
    const call = client.callTool({ name: "slow", arguments: {} }, undefined, { signal: controller.signal });
    const request = await arrived.promise;
    controller.abort();
    await expect(call).rejects.toThrow();
    const upstream = connector.started[0]!;
    await until(() => upstream.received.some((m) => m.method === "notifications/cancelled"), "the cancellation upstream");
    const cancelled = upstream.received.find((m) => m.method === "notifications/cancelled")!;
    expect((cancelled.params as { requestId: unknown }).requestId).toBe(request.id);
    expect(text(await client.callTool({ name: "echo", arguments: {} }))).toContain("still here");
  });
});

describe("list_changed", () => {
  it("asks an upstream again when its list changes, and tells sessions and listeners", async () => {
    const { router, connector } = setup([spec("s", "shared", { tools: [tool("one")] })], { s: { tools: [tool("one")] } });
    const client = await connect(router);
    const changes: ListChange[] = [];
    router.onListChanged((change) => changes.push(change));
    await client.callTool({ name: "one", arguments: {} });
    const heard = new Promise<void>((resolve) => client.setNotificationHandler(ToolListChangedNotificationSchema, () => resolve()));
    const upstream = connector.started[0]!;
    upstream.script.tools = [tool("one"), tool("two")];
    await upstream.notify("notifications/tools/list_changed");
    await heard;
    expect(changes).toContain("tools");
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(["one", "two"]);
  });

  it("tells sessions when the configured servers change", async () => {
    const { router } = setup([spec("a", "shared", { tools: [tool("x")] })]);
    const client = await connect(router);
    const heard = new Promise<void>((resolve) => client.setNotificationHandler(ToolListChangedNotificationSchema, () => resolve()));
    await router.update([spec("a", "shared", { tools: [tool("x")] }), spec("b", "shared", { tools: [tool("y")] })]);
    await heard;
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(["x", "y"]);
  });
});

describe("timeouts", () => {
  it("gives up on a call after the router's call timeout, with TIMEOUT's code", async () => {
    const { router, calls } = setup([spec("s", "shared", { tools: [tool("never")] })], { s: { handle: () => new Promise(() => {}) } }, { callTimeoutMs: 50 });
    const client = await connect(router);
    const failure = await client.callTool({ name: "never", arguments: {} }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: -32006, message: expect.stringContaining('server "s" did not answer tools/call within 50 ms') });
    expect(calls).toEqual([expect.objectContaining({ outcome: "error", errorCode: -32006 })]);
  });

  it("gives up on a server that does not answer initialize after the router's initialize timeout", async () => {
    const { router, connector } = setup([spec("s", "shared", { tools: [tool("x")] })], { s: { silent: true } }, { initializeTimeoutMs: 50 });
    const client = await connect(router);
    const failure = await client.callTool({ name: "x", arguments: {} }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: -32001, message: expect.stringContaining('server "s" did not answer initialize within 50 ms and was stopped') });
    await until(() => connector.started[0]!.closed, "the silent server to be stopped");
  });
});
