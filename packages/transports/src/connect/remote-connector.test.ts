// The connector without sockets: a fetch stand-in answers, fails or hangs as each test needs.
import { GatewayError, SecretValue, silentLogger } from "@mcpgw/core";
import type { Connection, RemoteServerSpec } from "@mcpgw/core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { rawClient } from "../testing/raw-client.js";
import { createRemoteConnector } from "./remote-connector.js";
import type { RemoteConnectorOptions } from "./remote-connector.js";

/** vi.waitFor gives up after 1 s by default: these in-process steps get room for a busy machine. */
const WAIT_FOR = { timeout: 10_000 };

type Answer = Response | "hang" | Error;
type Handler = (request: { method: string; headers: Headers; body: { id?: number; method?: string } | undefined }) => Answer;

function remoteSpec(overrides: Partial<RemoteServerSpec> = {}): RemoteServerSpec {
  return {
    kind: "remote",
    name: "svc",
    source: { file: "test.yaml" },
    env: {},
    secretEnv: { TOKEN: new SecretValue("svc.token", "tok-SECRET-42", "test") },
    sharing: "shared",
    longLived: false,
    url: "https://api.example.com/mcp?key=q",
    transport: "streamable-http",
    headers: { Authorization: "Bearer ${TOKEN}" },
    ...overrides,
  };
}

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}

/** A fetch that hands each request to `handler` and records it. */
function fakeFetch(handler: Handler) {
  const calls: { method: string; url: string; headers: Headers; body: { id?: number; method?: string } | undefined }[] = [];
  const fetch = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    const body = typeof init?.body === "string" ? (JSON.parse(init.body) as { id?: number; method?: string }) : undefined;
    const call = { method: init?.method ?? "GET", url: String(url), headers, body };
    calls.push(call);
    const answer = handler(call);
    if (answer instanceof Error) throw answer;
    if (answer === "hang") {
      return new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal?.reason)));
    }
    return answer;
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls };
}

const initializeResult = { protocolVersion: "2025-11-25", capabilities: {}, serverInfo: { name: "fake", version: "1" } };
const open: Connection[] = [];

async function connect(options: RemoteConnectorOptions, spec = remoteSpec()): Promise<Connection> {
  const connection = await createRemoteConnector(options).connect(spec, { logger: silentLogger });
  open.push(connection);
  return connection;
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((connection) => connection.close()));
});

describe("createRemoteConnector", () => {
  it("refuses plain http to a non-loopback host before sending anything", async () => {
    const { fetch, calls } = fakeFetch(() => json({}));
    const connector = createRemoteConnector({ fetch });
    const error = await connector.connect(remoteSpec({ url: "http://api.example.com/mcp" }), { logger: silentLogger }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).code).toBe("REFUSED");
    expect((error as GatewayError).message).toContain('"svc"');
    expect((error as GatewayError).message).toContain("http://api.example.com/mcp");
    expect(calls).toHaveLength(0);
  });

  it("rejects a header placeholder that has no value, naming it and showing no secret", async () => {
    const error = (await connect({}, remoteSpec({ headers: { Authorization: "Bearer ${TOKEN}", "X-Extra": "${NOPE}" } })).catch((e: unknown) => e)) as GatewayError;
    expect(error.code).toBe("CONFIG_MISSING");
    expect(error.message).toContain("${NOPE}");
    expect(error.message).not.toContain("tok-SECRET-42");
  });

  it("is only for remote specs", async () => {
    const connector = createRemoteConnector();
    const spec = { ...remoteSpec(), kind: "process", command: "node", args: [] } as unknown as RemoteServerSpec;
    await expect(connector.connect(spec, { logger: silentLogger })).rejects.toMatchObject({ code: "UNSUPPORTED" });
  });

  it("sends the filled-in headers and the session id, and names the connection by its URL without credentials or query", async () => {
    const { fetch, calls } = fakeFetch(({ method, body }) => {
      if (method === "DELETE") return new Response(null, { status: 200 });
      if (body?.method === "initialize") return json({ jsonrpc: "2.0", id: body.id, result: initializeResult }, 200, { "mcp-session-id": "S1" });
      if (body?.id === undefined) return new Response(null, { status: 202 });
      return json({ jsonrpc: "2.0", id: body.id, result: { tools: [] } });
    });
    const connection = await connect({ fetch }, remoteSpec({ url: "https://user:pw@api.example.com/mcp?key=q" }));
    expect(connection.id).toBe("https://api.example.com/mcp");
    const client = await rawClient(connection.transport);
    expect((await client.initialize()).result).toEqual(initializeResult);
    expect((await client.request("tools/list")).result).toEqual({ tools: [] });
    const post = calls.find((call) => call.body?.method === "tools/list");
    expect(post?.url).toBe("https://api.example.com/mcp?key=q");
    expect(post?.headers.get("authorization")).toBe("Bearer tok-SECRET-42");
    expect(post?.headers.get("mcp-session-id")).toBe("S1");
    expect(post?.headers.get("mcp-protocol-version")).toBe("2025-11-25");

    await connection.close();
    expect(calls.at(-1)).toMatchObject({ method: "DELETE" });
    expect(calls.at(-1)?.headers.get("mcp-session-id")).toBe("S1");
    expect(await connection.closed).toEqual({ code: null, signal: null, requested: true, stderr: [] });
  });

  it("answers a request the server cannot be reached for with an error response", async () => {
    const refused = new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED 10.1.1.1:443"), { code: "ECONNREFUSED" }) });
    const { fetch } = fakeFetch(() => refused);
    const client = await rawClient((await connect({ fetch })).transport);
    const response = await client.initialize();
    expect(response.error?.message).toBe('remote server "svc" at https://api.example.com/mcp could not be reached: connection refused (ECONNREFUSED)');
    expect(response.error?.data).toMatchObject({ code: "SERVER_START_FAILED", server: "svc" });
  });

  it("answers an HTTP error with the status, and blanks out a secret the server echoed", async () => {
    const { fetch } = fakeFetch(({ headers }) => new Response(`bad token ${headers.get("authorization")}`, { status: 401 }));
    const client = await rawClient((await connect({ fetch })).transport);
    const response = await client.initialize();
    expect(response.error?.message).toContain("HTTP 401");
    expect(response.error?.message).toContain('"svc"');
    expect(JSON.stringify(response)).not.toContain("tok-SECRET-42");
  });

  it("answers TIMEOUT for a request that outlives requestTimeoutMs, and drops a late answer", async () => {
    const { fetch, calls } = fakeFetch(({ body }) => {
      if (body?.method === "initialize") return json({ jsonrpc: "2.0", id: body.id, result: initializeResult }, 200, { "mcp-session-id": "S1" });
      if (body?.method === "tools/call") return "hang";
      return new Response(null, { status: 202 });
    });
    const client = await rawClient((await connect({ fetch, requestTimeoutMs: 150 })).transport);
    await client.initialize();
    const started = Date.now();
    const response = await client.request("tools/call", { name: "slow", arguments: {} }, 77);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(response.error?.data).toMatchObject({ code: "TIMEOUT", method: "tools/call" });
    expect(response.error?.message).toContain("within 150 ms");
    await vi.waitFor(() => expect(calls.some((call) => call.body?.method === "notifications/cancelled")).toBe(true), WAIT_FOR);
    expect(client.received.filter((message) => message.id === 77)).toHaveLength(1);
  });

  it("treats a 404 on its session as the session gone: the request fails, the next initialize starts afresh", async () => {
    let forgot = false;
    const { fetch, calls } = fakeFetch(({ method, headers, body }) => {
      if (method !== "POST") return new Response(null, { status: 405 });
      if (body?.method === "initialize") return json({ jsonrpc: "2.0", id: body.id, result: initializeResult }, 200, { "mcp-session-id": forgot ? "S2" : "S1" });
      if (forgot && headers.get("mcp-session-id") === "S1") return json({ jsonrpc: "2.0", id: null, error: { code: -32001, message: "Session not found" } }, 404);
      if (body?.id === undefined) return new Response(null, { status: 202 });
      return json({ jsonrpc: "2.0", id: body.id, result: { tools: [] } });
    });
    const client = await rawClient((await connect({ fetch })).transport);
    await client.initialize();
    forgot = true;
    const lost = await client.request("tools/list");
    expect(lost.error?.data).toMatchObject({ code: "SERVER_EXITED", status: 404, sessionGone: true });
    expect(lost.error?.message).toContain("no longer knows this session");

    expect((await client.initialize()).result).toEqual(initializeResult);
    const reinit = calls.filter((call) => call.body?.method === "initialize").at(-1);
    expect(reinit?.headers.get("mcp-session-id")).toBeNull();
    expect((await client.request("tools/list")).result).toEqual({ tools: [] });
    expect(calls.at(-1)?.headers.get("mcp-session-id")).toBe("S2");
  });

  it("fails requests in flight when the connection is closed, and refuses new ones", async () => {
    const { fetch, calls } = fakeFetch(({ body }) => (body?.method === "tools/call" ? "hang" : new Response(null, { status: 202 })));
    const connection = await connect({ fetch });
    const client = await rawClient(connection.transport);
    const pending = client.request("tools/call", { name: "slow" });
    await vi.waitFor(() => expect(calls.some((call) => call.body?.method === "tools/call")).toBe(true), WAIT_FOR);
    await connection.close();
    expect((await pending).error?.data).toMatchObject({ code: "SERVER_EXITED" });
    await expect(connection.transport.send({ jsonrpc: "2.0", id: 5, method: "ping" })).rejects.toMatchObject({ code: "SERVER_EXITED" });
  });

  it("closes a connection whose server does not answer within startTimeoutMs", async () => {
    const { fetch } = fakeFetch(() => "hang");
    const connection = await connect({ fetch, lifecycle: { startTimeoutMs: 100 } });
    const client = await rawClient(connection.transport);
    const response = await client.request("initialize", { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "t", version: "0" } });
    expect(response.error?.data).toMatchObject({ code: "SERVER_START_TIMEOUT" });
    expect(await connection.closed).toMatchObject({ requested: false });
  });

  it("closes an idle connection", async () => {
    const { fetch } = fakeFetch(({ body }) => json({ jsonrpc: "2.0", id: body?.id, result: initializeResult }));
    const connection = await connect({ fetch, lifecycle: { idleTimeoutMs: 100 } });
    const client = await rawClient(connection.transport);
    await client.request("initialize", {});
    expect(await connection.closed).toMatchObject({ requested: true });
  });

  it("closeAll closes every connection it opened", async () => {
    const { fetch } = fakeFetch(() => new Response(null, { status: 202 }));
    const connector = createRemoteConnector({ fetch });
    const a = await connector.connect(remoteSpec(), { logger: silentLogger });
    const b = await connector.connect(remoteSpec({ name: "other" }), { logger: silentLogger });
    await connector.closeAll();
    await expect(Promise.all([a.closed, b.closed])).resolves.toHaveLength(2);
  });
});

describe("createRemoteConnector over legacy SSE", () => {
  /** A fetch that serves an SSE stream (endpoint event first) and answers POSTs on it. */
  function sseFetch(onPost: (body: { id?: number; method?: string }, session: string) => number) {
    const streams: ReadableStreamDefaultController<Uint8Array>[] = [];
    const posted: string[] = [];
    const encoder = new TextEncoder();
    const fetch = async (url: string | URL | Request, init?: RequestInit): Promise<Response> => {
      const target = new URL(String(url));
      if ((init?.method ?? "GET") === "GET") {
        const session = String(streams.length + 1);
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            streams.push(controller);
            controller.enqueue(encoder.encode(`event: endpoint\ndata: /message?sessionId=${session}\n\n`));
          },
        });
        return new Response(body, { status: 200, headers: { "content-type": "text/event-stream" } });
      }
      const session = target.searchParams.get("sessionId") ?? "";
      const body = JSON.parse(String(init?.body)) as { id?: number; method?: string };
      const status = onPost(body, session);
      posted.push(body.method ?? "");
      // tools/call is accepted and never answered: its answer would come on the stream.
      if (status === 202 && body.id !== undefined && body.method !== "tools/call") {
        const result = body.method === "initialize" ? initializeResult : {};
        streams[Number(session) - 1]?.enqueue(encoder.encode(`event: message\ndata: ${JSON.stringify({ jsonrpc: "2.0", id: body.id, result })}\n\n`));
      }
      return new Response(status === 202 ? "Accepted" : "Session not found", { status });
    };
    return { fetch: fetch as typeof globalThis.fetch, streams, posted };
  }

  it("treats a 404 for its session as the session gone, and serves a new initialize on a new stream", async () => {
    let forgotten = "";
    const { fetch, streams } = sseFetch((_body, session) => (session === forgotten ? 404 : 202));
    const connection = await connect({ fetch }, remoteSpec({ url: "https://api.example.com/sse", transport: "sse" }));
    const client = await rawClient(connection.transport);
    expect((await client.initialize()).result).toEqual(initializeResult);
    expect((await client.request("tools/list")).result).toEqual({});

    forgotten = "1";
    const gone = await client.request("tools/list");
    expect(gone.error?.data).toMatchObject({ code: "SERVER_EXITED", status: 404, sessionGone: true });
    expect((await client.request("tools/list")).error?.message).toContain("lost the session; initialize again");
    expect((await client.initialize()).result).toEqual(initializeResult);
    expect(streams).toHaveLength(2);
    expect((await client.request("tools/list")).result).toEqual({});
  });

  it("fails requests in flight at once when the event stream ends", async () => {
    const { fetch, streams, posted } = sseFetch(() => 202);
    const connection = await connect({ fetch }, remoteSpec({ url: "https://api.example.com/sse", transport: "sse" }));
    const client = await rawClient(connection.transport);
    await client.initialize();
    const pending = client.request("tools/call", { name: "slow" }, "never");
    await vi.waitFor(() => expect(posted).toContain("tools/call"), WAIT_FOR);
    // The answer would come on the stream: break the stream instead.
    streams[0]?.error(new Error("connection reset"));
    const response = await pending;
    expect(response.error?.message).toBe('remote server "svc" at https://api.example.com/sse did not answer tools/call: its event stream ended');
    expect(response.error?.data).toMatchObject({ code: "SERVER_EXITED" });
  });
});
