// The HTTP app on a real socket (127.0.0.1:0) with real clients of both SDK lines: v1
// (`@modelcontextprotocol/sdk`, 2025-11-25 and legacy SSE) and v2 (`@modelcontextprotocol/client`,
// negotiating 2026-07-28).
import { CreateMessageRequestSchema, ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import type { Client as ClientV1 } from "@modelcontextprotocol/sdk/client/index.js";
import { afterEach, describe, expect, it } from "vitest";
import { eventually } from "../testing/raw-http.js";
import { closer, connectV1, connectV1Sse, connectV2, progressIn, tapMessages } from "../testing/serve-clients.js";
import { createTestSessionFactory } from "../testing/test-session-factory.js";
import { createHttpApp } from "./http-app.js";
import type { HttpAppOptions } from "./http-app.js";
import { listen } from "./listen.js";

const TOKEN = "test-token-123";
const resources = closer();
afterEach(() => resources.closeAll());

async function serve(options: Partial<HttpAppOptions> = {}) {
  const factory = createTestSessionFactory();
  const http = createHttpApp(factory, { authToken: TOKEN, ...options });
  const server = resources.track(await listen(http, { port: 0 }));
  return { factory, http, server, url: server.url };
}

/** Answers sampling requests with a fixed text, recording the questions. */
function answerSampling(client: ClientV1, questions: string[]): void {
  client.setRequestHandler(CreateMessageRequestSchema, async (request) => {
    const content = request.params.messages[0]?.content;
    questions.push(content && "text" in content ? String(content.text) : "?");
    return { role: "assistant", model: "test-model", content: { type: "text", text: "forty-two" } };
  });
}

describe("v1 client over Streamable HTTP (2025-11-25 sessions)", () => {
  it("lists tools and calls echo", async () => {
    const { url, http, factory } = await serve();
    const { client } = await connectV1(url, TOKEN);
    resources.track(client);
    expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(["echo", "count", "wait", "ask_model"]);
    expect((await client.callTool({ name: "echo", arguments: { message: "hi" } })).content).toEqual([{ type: "text", text: "echo: hi" }]);
    expect(http.sessionCount()).toBe(1);
    expect(factory.sessions).toEqual([expect.objectContaining({ transport: "streamable-http", era: "2025-11-25" })]);
  });

  it("delivers progress notifications to the caller", async () => {
    const { url } = await serve();
    const { client, transport } = await connectV1(url, TOKEN);
    resources.track(client);
    const seen = tapMessages(transport);
    const result = await client.callTool({ name: "count", arguments: { steps: 3 } }, undefined, { onprogress: () => {} });
    expect(result.content).toEqual([{ type: "text", text: "counted to 3" }]);
    expect(progressIn(seen)).toEqual([1, 2, 3]);
  });

  it("carries a sampling request to the client and its answer back to the tool", async () => {
    const { url } = await serve();
    const { client } = await connectV1(url, TOKEN);
    resources.track(client);
    const questions: string[] = [];
    answerSampling(client, questions);
    const result = await client.callTool({ name: "ask_model", arguments: { question: "meaning of life?" } });
    expect(questions).toEqual(["meaning of life?"]);
    expect(result.content).toEqual([{ type: "text", text: "model said: forty-two" }]);
  });

  it("delivers tools/list_changed sent on the session's own Server", async () => {
    const { url, factory } = await serve();
    const { client } = await connectV1(url, TOKEN);
    resources.track(client);
    let changes = 0;
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => void changes++);
    const session = factory.sessions[0];
    const server = session && factory.servers.get(session.id);
    if (!server) throw new Error("no session Server");
    // The client opens its GET stream on its own after initializing; until it is open a
    // notification has nowhere to go, so send until one arrives.
    await eventually(async () => {
      await server.sendToolListChanged();
      return changes > 0;
    }, "tools/list_changed to reach the v1 client");
  });

  it("ends the session when the client terminates it (DELETE)", async () => {
    const { url, http, factory } = await serve();
    const { client, transport } = await connectV1(url, TOKEN);
    const id = transport.sessionId;
    expect(id).toBeDefined();
    await transport.terminateSession();
    await client.close();
    await eventually(() => factory.closed.includes(id ?? ""), "sessionClosed after DELETE");
    expect(http.sessionCount()).toBe(0);
  });
});

describe("v2 client on the 2026-07-28 era", () => {
  it("negotiates the modern era, lists tools and calls echo without a session", async () => {
    const { url, factory, http } = await serve();
    const client = resources.track(await connectV2(url, TOKEN));
    expect(client.getProtocolEra()).toBe("modern");
    expect((await client.listTools()).tools.map((tool) => tool.name)).toContain("echo");
    expect((await client.callTool({ name: "echo", arguments: { message: "modern" } })).content).toEqual([{ type: "text", text: "echo: modern" }]);
    expect(factory.sessions.length).toBeGreaterThan(0);
    expect(factory.sessions.every((session) => session.era === "2026-07-28")).toBe(true);
    expect(http.sessionCount()).toBe(0);
    await eventually(() => factory.closed.length === factory.sessions.length, "every per-request Server to close");
  });

  it("streams progress of a stateless request", async () => {
    const { url } = await serve();
    const client = resources.track(await connectV2(url, TOKEN));
    const seen = tapMessages(client.transport ?? {});
    const result = await client.callTool({ name: "count", arguments: { steps: 2 } }, { onprogress: () => {} });
    expect(result.content).toEqual([{ type: "text", text: "counted to 2" }]);
    expect(progressIn(seen)).toEqual([1, 2]);
  });

  it("delivers notifyListChanged('tools') on the client's subscriptions/listen stream", async () => {
    const { url, http } = await serve();
    let changes = 0;
    const client = resources.track(await connectV2(url, TOKEN));
    client.setNotificationHandler("notifications/tools/list_changed", () => void changes++);
    const subscription = await client.listen({ toolsListChanged: true });
    resources.track(subscription);
    expect(subscription.honoredFilter).toMatchObject({ toolsListChanged: true });
    http.notifyListChanged("tools");
    await eventually(() => changes === 1, "tools/list_changed on the subscription");
  });
});

describe("v1 client over legacy SSE", () => {
  it("lists tools, calls echo, and samples through the stream", async () => {
    const { url, factory } = await serve();
    const client = resources.track(await connectV1Sse(url, TOKEN));
    expect((await client.listTools()).tools.map((tool) => tool.name)).toContain("echo");
    expect((await client.callTool({ name: "echo", arguments: { message: "sse" } })).content).toEqual([{ type: "text", text: "echo: sse" }]);
    const questions: string[] = [];
    answerSampling(client, questions);
    expect((await client.callTool({ name: "ask_model", arguments: { question: "q" } })).content).toEqual([{ type: "text", text: "model said: forty-two" }]);
    expect(factory.sessions).toEqual([expect.objectContaining({ transport: "sse", era: "2025-11-25" })]);
  });

  it("ends the session when the client drops its stream", async () => {
    const { url, http, factory } = await serve();
    const client = await connectV1Sse(url, TOKEN);
    expect(http.sessionCount()).toBe(1);
    const id = factory.sessions[0]?.id ?? "";
    await client.close();
    await eventually(() => factory.closed.includes(id), "sessionClosed after the SSE stream closed");
    expect(http.sessionCount()).toBe(0);
  });

  it("refuses the stream without the token", async () => {
    const { url } = await serve();
    const response = await fetch(`${url}/sse`, { headers: { accept: "text/event-stream" } });
    expect(response.status).toBe(401);
    await response.body?.cancel();
  });
});

describe("listen", () => {
  it("closes quickly with streams of every kind open, ending every session", async () => {
    const { url, factory, server } = await serve();
    const { client: v1 } = await connectV1(url, TOKEN);
    const sse = await connectV1Sse(url, TOKEN);
    const v2 = await connectV2(url, TOKEN);
    await v2.listen({ toolsListChanged: true });
    // The v1 client's GET stream is open once a notification gets through it.
    const session = factory.sessions.find((info) => info.era === "2025-11-25" && info.transport === "streamable-http");
    let reached = false;
    v1.setNotificationHandler(ToolListChangedNotificationSchema, () => void (reached = true));
    await eventually(async () => {
      await factory.servers.get(session?.id ?? "")?.sendToolListChanged();
      return reached;
    }, "the v1 GET stream to open");
    await server.close();
    const sessions = factory.sessions.filter((info) => info.era === "2025-11-25").map((info) => info.id);
    await eventually(() => sessions.every((id) => factory.closed.includes(id)), "every session to be closed");
    await Promise.allSettled([v1.close(), sse.close(), v2.close()]);
  });

  it("refuses a port that is taken", async () => {
    const { server } = await serve();
    const other = createHttpApp(createTestSessionFactory(), { authToken: TOKEN });
    await expect(listen(other, { port: server.port })).rejects.toThrow(/EADDRINUSE/);
  });
});
