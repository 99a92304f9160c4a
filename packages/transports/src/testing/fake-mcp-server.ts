// Test support (not built): a tiny Streamable HTTP MCP server on 127.0.0.1 that records what it
// receives and answers in JSON, with hooks to misbehave (hang, fail, forget the session).
import { createServer } from "node:http";
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One HTTP request as the fake server saw it. */
export interface RecordedRequest {
  httpMethod: string;
  headers: IncomingHttpHeaders;
  /** The JSON-RPC body of a POST. */
  body?: { id?: string | number; method?: string; params?: unknown };
}

/** What to do instead of the normal answer: an HTTP reply, or never answering. */
export type FakeOverride = { status: number; body?: string } | "hang" | undefined;

export interface FakeServerOptions {
  /** Consulted first for every POST; `undefined` means answer normally. */
  override?: (request: RecordedRequest) => FakeOverride;
}

export interface FakeMcpServer extends AsyncDisposable {
  readonly url: string;
  readonly port: number;
  readonly requests: RecordedRequest[];
  /** Session ids the server still knows; delete one to make it "forget" the session. */
  readonly sessions: Set<string>;
  close(): Promise<void>;
}

const TOOLS = [{ name: "ping_tool", description: "does nothing", inputSchema: { type: "object", properties: {} } }];

/** Starts the fake server on 127.0.0.1 (port 0 unless given) with its endpoint at `/mcp`. */
export async function startFakeMcpServer(options: FakeServerOptions = {}, port = 0): Promise<FakeMcpServer> {
  const requests: RecordedRequest[] = [];
  const sessions = new Set<string>();
  const hanging = new Set<ServerResponse>();
  let counter = 0;

  const server = createServer((req, res) => {
    void readBody(req).then((text) => {
      const recorded: RecordedRequest = { httpMethod: req.method ?? "", headers: req.headers };
      requests.push(recorded);
      if (req.method === "GET") return reply(res, 405, "");
      if (req.method === "DELETE") {
        sessions.delete(String(req.headers["mcp-session-id"]));
        return reply(res, 200, "");
      }
      const body = JSON.parse(text) as RecordedRequest["body"] & object;
      recorded.body = body;
      const override = options.override?.(recorded);
      if (override === "hang") {
        hanging.add(res);
        return;
      }
      if (override) return reply(res, override.status, override.body ?? "");
      const session = req.headers["mcp-session-id"];
      if (body.method === "initialize") {
        const id = `session-${++counter}`;
        sessions.add(id);
        const result = { protocolVersion: "2025-11-25", capabilities: { tools: {} }, serverInfo: { name: "fake", version: "0.0.0" } };
        return reply(res, 200, JSON.stringify({ jsonrpc: "2.0", id: body.id, result }), { "mcp-session-id": id });
      }
      if (typeof session !== "string" || !sessions.has(session)) return reply(res, 404, JSON.stringify({ jsonrpc: "2.0", id: null, error: { code: -32001, message: "Session not found" } }));
      if (body.id === undefined) return reply(res, 202, "");
      if (body.method === "tools/list") return reply(res, 200, JSON.stringify({ jsonrpc: "2.0", id: body.id, result: { tools: TOOLS } }));
      return reply(res, 200, JSON.stringify({ jsonrpc: "2.0", id: body.id, error: { code: -32601, message: "Method not found" } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const actual = (server.address() as AddressInfo).port;

  const close = async () => {
    for (const res of hanging) res.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { url: `http://127.0.0.1:${actual}/mcp`, port: actual, requests, sessions, close, [Symbol.asyncDispose]: close };
}

function reply(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...(body ? { "content-type": "application/json" } : {}), ...headers });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = "";
    req.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
    req.on("end", () => resolve(text));
  });
}
