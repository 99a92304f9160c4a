// Stateless (2026-07-28) requests served on Node's own objects, next to the SDK's handler that
// serves the era's other requests: both paths give a client the same answers.
import { afterEach, describe, expect, it } from "vitest";
import type { Transport } from "@modelcontextprotocol/server";
import { PerRequestHTTPServerTransport } from "@modelcontextprotocol/server";
import { createTestSessionFactory } from "../testing/test-session-factory.js";
import type { TestSessionFactoryOptions } from "../testing/test-session-factory.js";
import { eventually, MODERN_META, send } from "../testing/raw-http.js";
import { createHttpApp } from "./http-app.js";
import type { HttpApp } from "./http-app.js";
import { NodeStatelessExchange } from "./node/node-stateless-exchange.js";

const apps: HttpApp[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((http) => http.closeAll()));
});

/** An app whose factory records which transport class each Server was connected to. */
function makeApp(options: TestSessionFactoryOptions = {}) {
  const factory = createTestSessionFactory(options);
  const connected: string[] = [];
  const createServer = factory.createServer.bind(factory);
  factory.createServer = (session) => {
    const server = createServer(session);
    const connect = server.connect.bind(server);
    server.connect = (transport: Transport) => {
      connected.push(transport instanceof NodeStatelessExchange ? "node" : transport instanceof PerRequestHTTPServerTransport ? "sdk" : "other");
      return connect(transport);
    };
    return server;
  };
  const http = createHttpApp(factory, { authToken: undefined });
  apps.push(http);
  return { factory, http, connected };
}

/** A 2026-07-28 request with the standard headers a conforming client sends. */
function modern(id: number, method: string, params: Record<string, unknown> = {}, headers: Record<string, string> = {}): { body: { jsonrpc: "2.0"; id: number; method: string; params: Record<string, unknown> }; headers: Record<string, string> } {
  const name: Record<string, string> = typeof params.name === "string" ? { "mcp-name": params.name } : {};
  return { body: { jsonrpc: "2.0", id, method, params: { ...params, _meta: { ...MODERN_META, ...(params._meta as object | undefined) } } }, headers: { "mcp-protocol-version": "2026-07-28", "mcp-method": method, ...name, ...headers } };
}

/** What a client sees of an answer: status, content type, and the JSON-RPC messages in order. */
async function seen(response: Response) {
  const type = response.headers.get("content-type") ?? "";
  const text = await response.text();
  const messages = type.includes("text/event-stream")
    ? text
        .split("\n")
        .filter((line) => line.startsWith("data:"))
        .map((line) => JSON.parse(line.slice(5)) as unknown)
    : text === ""
      ? []
      : [JSON.parse(text) as unknown];
  return { status: response.status, type: type.split(";")[0], messages };
}

const REQUESTS = [
  modern(1, "tools/call", { name: "echo", arguments: { message: "hi" } }),
  modern(2, "tools/list"),
  modern(3, "server/discover"),
  modern(4, "ping"),
  modern(5, "tools/call", { name: "count", arguments: { steps: 2 }, _meta: { progressToken: "p1" } }),
  modern(6, "tools/call", { name: "nope", arguments: {} }),
  modern(7, "prompts/list"),
  modern(8, "tools/call", { name: "echo", arguments: "not an object" }),
];

describe("stateless requests on Node's own objects", () => {
  it("answer exactly as the SDK's handler does: JSON, event streams with progress, in-band and ladder errors", async () => {
    const native = makeApp();
    const sdk = makeApp({ sdkVersionsOnly: true });
    for (const request of REQUESTS) {
      const ours = await seen(await send(native.http, request));
      const theirs = await seen(await send(sdk.http, request));
      expect(ours, JSON.stringify(request.body)).toEqual(theirs);
    }
    // The native app served every one itself; the other fell back to the SDK for each (after
    // trying: its Servers do not list the revision).
    expect(native.connected).toEqual(REQUESTS.map(() => "node"));
    expect(sdk.connected.filter((kind) => kind === "sdk")).toHaveLength(REQUESTS.length);
    expect(sdk.connected.filter((kind) => kind === "node")).toHaveLength(REQUESTS.length);
    // Every Server made was closed again, including those the fallback gave up.
    await eventually(() => native.factory.closed.length === native.factory.sessions.length && sdk.factory.closed.length === sdk.factory.sessions.length, "every Server to close");
    expect(new Set(native.factory.closed).size).toBe(native.factory.sessions.length);
  });

  it("streams progress as events, then the result, and ends the stream", async () => {
    const { http } = makeApp();
    const { status, type, messages } = await seen(await send(http, modern(9, "tools/call", { name: "count", arguments: { steps: 3 }, _meta: { progressToken: 7 } })));
    expect({ status, type }).toEqual({ status: 200, type: "text/event-stream" });
    expect(messages).toEqual([
      expect.objectContaining({ method: "notifications/progress", params: expect.objectContaining({ progressToken: 7, progress: 1 }) }),
      expect.objectContaining({ method: "notifications/progress", params: expect.objectContaining({ progress: 2 }) }),
      expect.objectContaining({ method: "notifications/progress", params: expect.objectContaining({ progress: 3 }) }),
      expect.objectContaining({ id: 9, result: expect.objectContaining({ content: [{ type: "text", text: "counted to 3" }] }) }),
    ]);
  });

  it("leaves to the SDK what is not plainly served: encoded Mcp-Name, missing headers, other revisions", async () => {
    const { http, connected } = makeApp();
    const encoded = modern(1, "tools/call", { name: "echo", arguments: { message: "x" } }, { "mcp-name": `=?base64?${Buffer.from("echo").toString("base64")}?=` });
    expect((await seen(await send(http, encoded))).messages).toEqual([expect.objectContaining({ id: 1, result: expect.anything() })]);
    const { "mcp-method": _dropped, ...noMethod } = modern(2, "tools/list").headers;
    expect((await send(http, { body: modern(2, "tools/list").body, headers: noMethod })).status).toBe(400);
    const future = { body: { ...modern(3, "tools/list").body, params: { _meta: { ...MODERN_META, "io.modelcontextprotocol/protocolVersion": "2099-01-01" } } }, headers: { "mcp-protocol-version": "2099-01-01", "mcp-method": "tools/list" } };
    expect((await send(http, future)).status).toBe(400);
    expect(connected.filter((kind) => kind === "node")).toEqual([]);
  });

  it("cancels the call when the client goes away, and closes its Server", async () => {
    const { http, factory } = makeApp();
    const request = modern(1, "tools/call", { name: "wait", arguments: {} });
    const controller = new AbortController();
    const pending = fetchTo(http, request, controller.signal);
    await eventually(() => factory.sessions.length === 1, "the call to reach its Server");
    controller.abort();
    await pending.catch(() => {});
    await eventually(() => factory.cancelled.length === 1, "the call to be cancelled");
    await eventually(() => factory.closed.length === 1, "its Server to close");
  });

  it("ends calls in flight on closeAll", async () => {
    const { http, factory } = makeApp();
    const pending = send(http, modern(1, "tools/call", { name: "wait", arguments: {} }));
    await eventually(() => factory.sessions.length === 1, "the call to reach its Server");
    await http.closeAll();
    await (await pending).text();
    await eventually(() => factory.closed.length === 1 && factory.cancelled.length === 1, "the call to end with its Server");
  });
});

/** Like `send`, but abortable: the socket is destroyed when `signal` aborts. */
async function fetchTo(http: HttpApp, request: { body: unknown; headers: Record<string, string> }, signal: AbortSignal): Promise<unknown> {
  const { createServer } = await import("node:http");
  const server = createServer(http.listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  try {
    return await fetch(`http://127.0.0.1:${port}/mcp`, {
      method: "POST",
      signal,
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...request.headers },
      body: JSON.stringify(request.body),
    });
  } finally {
    server.close();
    server.closeAllConnections();
  }
}
