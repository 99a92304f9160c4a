import { UpstreamError } from "@mcpgw/core";
import { ErrorCode, GatewayError } from "@mcpgw/core";
import { CallToolResultSchema, CreateMessageRequestSchema, ResourceUpdatedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import type { CallMiddleware } from "../calls/call-pipeline.js";
import { createCallLog } from "../calls/call-log.js";
import type { CallLogEntry } from "../calls/call-log.js";
import type { FakeRequest } from "../testing/memory-connector.js";
import { closeAll, connect, deferred, setup, spec, until } from "../testing/harness.js";

afterEach(closeAll);

const tool = (name: string) => ({ name, inputSchema: { type: "object" } });
const resources = { capabilities: { tools: {}, resources: { subscribe: true } }, resources: [{ uri: "mem://a", name: "a" }] };
const failureOf = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);

describe("resource subscriptions", () => {
  it("subscribes the upstream once for two sessions, tells both of updates, and unsubscribes at the last", async () => {
    const { router, connector } = setup([spec("s")], { s: resources });
    const [a, b] = await Promise.all([connect(router), connect(router)]);
    const heard: string[] = [];
    const both = deferred();
    for (const [name, client] of [["a", a], ["b", b]] as const) {
      client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => {
        heard.push(`${name}:${n.params.uri}`);
        if (heard.length === 2) both.resolve(undefined);
      });
    }
    await a.subscribeResource({ uri: "mem://a" });
    await b.subscribeResource({ uri: "mem://a" });
    const upstream = connector.started[0]!;
    expect(upstream.requests("resources/subscribe").map((r) => r.params.uri)).toEqual(["mem://a"]);

    await upstream.notify("notifications/resources/updated", { uri: "mem://a" });
    await both.promise;
    expect(heard.sort()).toEqual(["a:mem://a", "b:mem://a"]);

    await a.unsubscribeResource({ uri: "mem://a" });
    expect(upstream.requests("resources/unsubscribe")).toEqual([]);
    await b.unsubscribeResource({ uri: "mem://a" });
    expect(upstream.requests("resources/unsubscribe").map((r) => r.params.uri)).toEqual(["mem://a"]);
  });

  it("ends a closed session's subscriptions, unsubscribing what nobody else listens to", async () => {
    const { router, connector } = setup([spec("s")], { s: resources });
    const client = await connect(router);
    await client.subscribeResource({ uri: "mem://a" });
    router.sessionClosed(client.id);
    const upstream = connector.started[0]!;
    await until(() => upstream.requests("resources/unsubscribe").length === 1, "the upstream to be unsubscribed");
  });

  it("answers a URI no server offers with MCP's resource-not-found shape", async () => {
    const { router } = setup([spec("s")], { s: resources });
    const client = await connect(router);
    const failure = await failureOf(client.readResource({ uri: "mem://missing" }));
    // The SDK sends -32002 as -32602; `data.uri` alone is how clients recognise it.
    expect(failure).toMatchObject({ code: -32602, message: expect.stringContaining("no server offers the resource mem://missing"), data: { uri: "mem://missing" } });
  });
});

describe("server→client requests", () => {
  const sampled = { model: "m", role: "assistant", content: { type: "text", text: "sampled" } };

  it("go to the session whose request is in flight on a shared upstream", async () => {
    const { router } = setup([spec("s", "shared", { tools: [tool("ask")] })], {
      s: { handle: async (_request, server) => ({ content: [{ type: "text", text: JSON.stringify(await server.ask("sampling/createMessage", { messages: [], maxTokens: 1 })) }] }) },
    });
    const [a, b] = await Promise.all([connect(router, { capabilities: { sampling: {} } }), connect(router, { capabilities: { sampling: {} } })]);
    const asked: string[] = [];
    a.setRequestHandler(CreateMessageRequestSchema, async () => (asked.push("a"), sampled) as never);
    b.setRequestHandler(CreateMessageRequestSchema, async () => (asked.push("b"), sampled) as never);
    const result = await b.callTool({ name: "ask", arguments: {} });
    expect(JSON.stringify(result.content)).toContain("sampled");
    expect(asked).toEqual(["b"]);
  });

  it("go to the owner of a session-mode upstream when nothing is in flight", async () => {
    const { router, connector } = setup([spec("s", "session", { tools: [tool("echo")] })]);
    const client = await connect(router, { capabilities: { sampling: {} } });
    client.setRequestHandler(CreateMessageRequestSchema, async () => sampled as never);
    await client.callTool({ name: "echo", arguments: {} });
    const answer = await connector.started[0]!.ask("sampling/createMessage", { messages: [], maxTokens: 1 });
    expect(answer.result).toMatchObject({ model: "m" });
  });

  it("carry a client's error answer to the server verbatim", async () => {
    const { router, connector } = setup([spec("s", "session", { tools: [tool("echo")] })]);
    const client = await connect(router);
    await client.callTool({ name: "echo", arguments: {} });
    // This client declared no sampling: its SDK refuses the request itself.
    const answer = await connector.started[0]!.ask("sampling/createMessage", { messages: [], maxTokens: 1 });
    expect(answer.error).toMatchObject({ code: -32601 });
  });

  it("are refused, saying why, when requests of several sessions are in flight on a shared upstream", async () => {
    const arrived: FakeRequest[] = [];
    const release = deferred();
    const { router, connector } = setup([spec("s", "shared", { tools: [tool("slow")] })], {
      s: {
        handle: async (request) => {
          arrived.push(request);
          await release.promise;
          return { content: [] };
        },
      },
    });
    const [a, b] = await Promise.all([connect(router), connect(router)]);
    const calls = [a.callTool({ name: "slow", arguments: {} }), b.callTool({ name: "slow", arguments: {} })];
    await until(() => arrived.length === 2, "both calls in flight");
    const answer = await connector.started[0]!.ask("sampling/createMessage", { messages: [], maxTokens: 1 });
    expect(answer.error).toMatchObject({
      code: -32603,
      message: 'server "s" sent sampling/createMessage, but requests of several clients are in flight on it; give it sharing: session',
      data: { code: ErrorCode.NO_CLIENT_TO_ASK },
    });
    release.resolve(undefined);
    await Promise.all(calls);
  });

  it("are refused when nobody could be asked (a shared upstream, nothing in flight)", async () => {
    const { router, connector } = setup([spec("s", "shared", { tools: [tool("echo")] })]);
    const client = await connect(router);
    await client.callTool({ name: "echo", arguments: {} });
    const answer = await connector.started[0]!.ask("roots/list");
    expect(answer.error?.message).toMatch(/no client request is in flight on it; give it sharing: session/);
  });
});

describe("the call pipeline", () => {
  it("runs middleware in order around the server, which sees the rewritten call", async () => {
    const order: string[] = [];
    const step =
      (name: string): CallMiddleware =>
      async (call, next) => {
        order.push(`${name}>`);
        call.arguments = { ...(call.arguments as object), [name]: true };
        const result = await next();
        order.push(`<${name}`);
        return result;
      };
    const { router, connector } = setup([spec("s", "shared", { tools: [tool("echo")] })], {}, { callMiddleware: [step("one"), step("two")] });
    const client = await connect(router);
    await client.callTool({ name: "echo", arguments: { x: 1 } });
    expect(order).toEqual(["one>", "two>", "<two", "<one"]);
    expect(connector.started[0]!.requests("tools/call")[0]!.params).toMatchObject({ name: "echo", arguments: { x: 1, one: true, two: true } });
  });

  it("lets a middleware answer a call: the server is not called, later middleware still run", async () => {
    const seen: unknown[] = [];
    const answer: CallMiddleware = async (call, next) => {
      call.answer = { content: [{ type: "text", text: "answered early" }] };
      return next();
    };
    const watch: CallMiddleware = async (_call, next) => {
      const result = await next();
      seen.push(result);
      return result;
    };
    const { router, connector } = setup([spec("s", "shared", { tools: [tool("echo")] })], {}, { callMiddleware: [answer, watch] });
    const client = await connect(router);
    expect(JSON.stringify((await client.callTool({ name: "echo", arguments: {} })).content)).toContain("answered early");
    expect(seen).toHaveLength(1);
    expect(connector.started).toEqual([]);
  });

  it("resolves the name in the caller's view before any middleware, with server, tool, session and subject", async () => {
    const calls: unknown[] = [];
    const record: CallMiddleware = async (call, next) => (calls.push({ ...call }), next());
    const { router } = setup([spec("a", "shared", { tools: [tool("t")] }), spec("b", "shared", { tools: [tool("t")] })], {}, { callMiddleware: [record] });
    const client = await connect(router, { principal: { subject: "alice", scopes: [] } as never });
    await client.callTool({ name: "b__t", arguments: { v: 1 } });
    expect(calls).toEqual([{ server: "b", tool: "t", arguments: { v: 1 }, session: client.id, subject: "alice" }]);
    const unknown = await failureOf(client.callTool({ name: "nope", arguments: {} }));
    expect(unknown).toMatchObject({ code: -32602, message: expect.stringContaining("unknown tool: nope") });
    expect(calls).toHaveLength(1);
  });

  it("logs every call: ok, tool-error, and error with the code the client got", async () => {
    const entries: CallLogEntry[] = [];
    const { router } = setup([spec("s", "shared", { tools: [tool("ok"), tool("bad"), tool("broken"), tool("refused")] })], {
      s: {
        handle: (request) => {
          const name = request.params.name as string;
          if (name === "bad") return { content: [], isError: true };
          if (name === "broken") throw new UpstreamError({ code: -32050, message: "the server broke", data: { why: "test" } });
          return { content: [] };
        },
      },
    }, {
      callMiddleware: [
        createCallLog((entry) => entries.push(entry)),
        async (call, next) => {
          if (call.tool === "refused") throw new GatewayError(ErrorCode.REFUSED, "refused by a guard");
          return next();
        },
      ],
    });
    const client = await connect(router);
    await client.callTool({ name: "ok", arguments: {} });
    await client.callTool({ name: "bad", arguments: {} });
    // An upstream's error answer reaches the client verbatim.
    expect(await failureOf(client.callTool({ name: "broken", arguments: {} }))).toMatchObject({ code: -32050, message: expect.stringContaining("the server broke"), data: { why: "test" } });
    // The gateway's own failures carry their code, in JSON-RPC and in data.
    expect(await failureOf(client.callTool({ name: "refused", arguments: {} }))).toMatchObject({ code: -32005, data: { code: "REFUSED" } });
    expect(entries.map((e) => [e.tool, e.outcome, e.errorCode])).toEqual([
      ["ok", "ok", undefined],
      ["bad", "tool-error", undefined],
      ["broken", "error", -32050],
      ["refused", "error", -32005],
    ]);
    expect(entries.every((e) => e.session === client.id && e.server === "s" && e.durationMs >= 0 && !Number.isNaN(Date.parse(e.time)))).toBe(true);
  });
});

describe("errors on the wire", () => {
  it("answers params of the wrong shape with -32602, and serves the next request", async () => {
    const { router } = setup([spec("s", "shared", { tools: [tool("echo")] })]);
    const client = await connect(router);
    const wrong = await failureOf(client.request({ method: "tools/call", params: { name: 5 } } as never, CallToolResultSchema));
    expect(wrong).toMatchObject({ code: -32602, message: expect.stringMatching(/Invalid (params for )?tools\/call/) });
    const badCursor = await failureOf(client.request({ method: "tools/list", params: { cursor: 5 } } as never, CallToolResultSchema));
    expect(badCursor).toMatchObject({ code: -32602, message: expect.stringContaining("Invalid params for tools/list"), data: { code: "INVALID_ARGUMENT" } });
    expect((await client.listTools()).tools).toHaveLength(1);
  });

  it("answers an unknown prompt with -32602", async () => {
    const { router } = setup([spec("s")], { s: { capabilities: { prompts: {} }, prompts: [{ name: "p" }] } });
    const client = await connect(router);
    expect(await failureOf(client.getPrompt({ name: "nope" }))).toMatchObject({ code: -32602, message: expect.stringContaining("unknown prompt: nope") });
  });

  it("answers a call to a server that went away with SERVER_EXITED's code", async () => {
    const arrived = deferred();
    const { router, connector } = setup([spec("s", "shared", { tools: [tool("slow")] })], { s: { handle: () => (arrived.resolve(undefined), new Promise(() => {})) } });
    const client = await connect(router);
    const call = failureOf(client.callTool({ name: "slow", arguments: {} }));
    await arrived.promise;
    await router.update([]);
    expect(await call).toMatchObject({ code: -32007 });
    expect(connector.started[0]!.closed).toBe(true);
  });
});
