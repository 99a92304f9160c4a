// The router with real upstream servers (server-everything and the example servers, run as
// local processes) and real SDK clients, linked in memory to the downstream servers.
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { CallToolResultSchema, CreateMessageRequestSchema, ElicitRequestSchema, ResourceUpdatedNotificationSchema, ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import type { Router } from "@mcpgw/router";
import { createInterceptorMiddleware, parseInterceptor } from "@mcpgw/gateway";
import { createCallLog } from "@mcpgw/router";
import { exampleServers } from "@mcpgw/example-servers";
import { closeRouters, connectSession, everything, example, processSpec, setupRouter } from "../support/router.js";

afterEach(closeRouters);

const setup = setupRouter;
const connect = (router: Router, capabilities: Record<string, unknown> = {}): Promise<Client> => connectSession(router, { capabilities });

describe("router", () => {
  it("lists catalog tools without starting anything, and starts a server on first use", async () => {
    const { router, connector, calls } = setup([example("clock"), example("notes")]);
    const client = await connect(router);
    const tools = await client.listTools();
    expect(tools.tools.map((t) => t.name).sort()).toEqual(["add_duration", "add_note", "convert_time", "delete_note", "get_note", "list_notes", "now"]);
    expect(connector.starts).toEqual([]);
    const result = await client.callTool({ name: "convert_time", arguments: { time: "2026-01-15T12:00", from_timezone: "UTC", to_timezone: "Asia/Tokyo" } });
    expect(JSON.stringify(result.content)).toContain("21:00");
    expect(connector.starts).toEqual(["clock"]);
    expect(calls).toEqual([expect.objectContaining({ server: "clock", tool: "convert_time", outcome: "ok" })]);
    expect(JSON.stringify(calls)).not.toContain("Asia/Tokyo");
  });

  it("prefixes only colliding names, and routes each to its own server", async () => {
    const { router } = setup([example("clock"), example("clock", "clock2")]);
    const client = await connect(router);
    const names = (await client.listTools()).tools.map((t) => t.name).sort();
    expect(names).toContain("clock__now");
    expect(names).toContain("clock2__now");
    const result = await client.callTool({ name: "clock2__now", arguments: { timezone: "UTC" } });
    expect(result.isError).toBeFalsy();
  });

  it("passes server-everything through: echo, progress, sampling, elicitation, prompts and resources", async () => {
    const { router } = setup([everything({ sharing: "session" })]);
    const client = await connect(router, { sampling: {}, elicitation: {} });
    client.setRequestHandler(CreateMessageRequestSchema, async () => ({ model: "test-model", role: "assistant", content: { type: "text", text: "sampled by the client" } }));
    client.setRequestHandler(ElicitRequestSchema, async () => ({ action: "accept", content: { name: "Ada", check: true, firstLine: "x", email: "ada@example.com", homepage: "https://example.com", birthdate: "2000-01-01", integer: 1, number: 1, enum: "ok" } }));
    const tools = (await client.listTools()).tools.map((t) => t.name);
    expect(tools).toEqual(expect.arrayContaining(["echo", "trigger-long-running-operation", "trigger-sampling-request"]));

    const echo = await client.callTool({ name: "echo", arguments: { message: "through the gateway" } });
    expect(JSON.stringify(echo.content)).toContain("through the gateway");

    const progress: number[] = [];
    await client.callTool({ name: "trigger-long-running-operation", arguments: { duration: 1, steps: 3 } }, undefined, { onprogress: (p) => progress.push(p.progress) });
    expect(progress).toEqual([1, 2, 3]);

    const sampled = await client.callTool({ name: "trigger-sampling-request", arguments: { prompt: "hi", maxTokens: 10 } });
    expect(JSON.stringify(sampled.content)).toContain("sampled by the client");

    const elicited = await client.callTool({ name: "trigger-elicitation-request", arguments: {} });
    expect(JSON.stringify(elicited.content)).toContain("Ada");

    const prompts = await client.listPrompts();
    expect(prompts.prompts.length).toBeGreaterThan(0);
    const resources = await client.listResources();
    const uri = resources.resources[0]!.uri;
    const read = await client.readResource({ uri });
    expect(read.contents[0]?.uri).toBe(uri);
  });

  it("cancels an upstream call when the client gives up, and keeps serving", async () => {
    const { router } = setup([everything()]);
    const client = await connect(router);
    const controller = new AbortController();
    // It gives up once the upstream is working on the call: its first progress says so.
    const call = client.callTool({ name: "trigger-long-running-operation", arguments: { duration: 30, steps: 30 } }, undefined, {
      signal: controller.signal,
      onprogress: () => controller.abort(),
    });
    await expect(call).rejects.toThrow();
    const echo = await client.callTool({ name: "echo", arguments: { message: "still here" } });
    expect(JSON.stringify(echo.content)).toContain("still here");
  });

  it("delivers resource updates to the session that subscribed", async () => {
    const { router } = setup([everything({ sharing: "session" })]);
    const client = await connect(router);
    const uri = (await client.listResources()).resources[0]!.uri;
    const updated = new Promise<string>((resolve) => client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => resolve(n.params.uri)));
    await client.subscribeResource({ uri });
    await client.callTool({ name: "toggle-subscriber-updates", arguments: {} });
    expect(await updated).toBe(uri);
  });

  it("gives two clients on one shared upstream their own answers, with the same request ids", async () => {
    const { router, connector } = setup([everything()]);
    const [a, b] = await Promise.all([connect(router), connect(router)]);
    const rounds = Array.from({ length: 20 }, (_, i) => i);
    const [fromA, fromB] = await Promise.all([
      Promise.all(rounds.map((i) => a.callTool({ name: "echo", arguments: { message: `a-${i}` } }))),
      Promise.all(rounds.map((i) => b.callTool({ name: "echo", arguments: { message: `b-${i}` } }))),
    ]);
    rounds.forEach((i) => {
      expect(JSON.stringify(fromA[i]!.content)).toContain(`a-${i}`);
      expect(JSON.stringify(fromB[i]!.content)).toContain(`b-${i}`);
    });
    expect(connector.starts).toEqual(["everything"]);
  });

  it("tells connected clients when the enabled servers change", async () => {
    const { router } = setup([example("clock")]);
    const client = await connect(router);
    expect((await client.listTools()).tools).toHaveLength(3);
    const changed = new Promise<void>((resolve) => client.setNotificationHandler(ToolListChangedNotificationSchema, () => resolve()));
    await router.update([example("clock"), example("notes")]);
    await changed;
    expect((await client.listTools()).tools).toHaveLength(7);
  });

  it("lets interceptors rewrite a call's arguments and result, or answer it themselves", async () => {
    const script = (body: string) => `${JSON.stringify(process.execPath)} -e ${JSON.stringify(`let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const c=JSON.parse(s);${body}})`)}`;
    const before = script(`if(c.arguments.message==="answer me")console.log(JSON.stringify({result:{content:[{type:"text",text:"answered by the interceptor"}]}}));else console.log(JSON.stringify({arguments:{message:c.arguments.message.toUpperCase()}}))`);
    const after = script(`c.result.content.push({type:"text",text:"seen by "+c.server+"/"+c.tool});console.log(JSON.stringify({result:c.result}))`);
    const interceptors = createInterceptorMiddleware([parseInterceptor(`before:exec:${before}`), parseInterceptor(`after:exec:${after}`)]);
    const { router, connector } = setup([everything()], { callMiddleware: [createCallLog(() => {}), interceptors.after, interceptors.before] });
    const client = await connect(router);
    const rewritten = await client.callTool({ name: "echo", arguments: { message: "quiet" } });
    expect(JSON.stringify(rewritten.content)).toContain("QUIET");
    expect(JSON.stringify(rewritten.content)).toContain("seen by everything/echo");
    const answered = await client.callTool({ name: "echo", arguments: { message: "answer me" } });
    expect(JSON.stringify(answered.content)).toContain("answered by the interceptor");
    expect(connector.starts).toEqual(["everything"]);
  });

  it("answers a call to a server that cannot start with an error naming it, not a hang", async () => {
    const { router } = setup([processSpec("broken", ["-e", "process.exit(3)"], { tools: [{ name: "nothing", inputSchema: { type: "object" } }] })]);
    const client = await connect(router);
    await expect(client.callTool({ name: "nothing", arguments: {} })).rejects.toThrow(/server "broken" exited with code 3/);
  });

  it("answers params of the wrong shape with -32602 (invalid params), and serves the next call", async () => {
    const { router, connector } = setup([example("clock")]);
    const client = await connect(router);
    for (const request of [
      { method: "tools/call", params: { name: 5 } },
      { method: "tools/list", params: { cursor: 5 } },
    ]) {
      const wrong = await client.request(request as never, CallToolResultSchema).catch((error: unknown) => error);
      expect(wrong, request.method).toMatchObject({ code: -32602, message: expect.stringMatching(new RegExp(`Invalid (params for )?${request.method}`)) });
    }
    expect(connector.starts).toEqual([]);
    const clock = exampleServers.find((s) => s.name === "clock")!;
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(clock.tools.map((t) => t.name));
  });
});
