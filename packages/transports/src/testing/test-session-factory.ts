// Test support (not built): a SessionFactory like the router's, made of low-level v2 Servers
// with a few tools, that records what happened to each session.
import { Server, SUPPORTED_PROTOCOL_VERSIONS } from "@modelcontextprotocol/server";
import type { CallToolResult, Tool } from "@modelcontextprotocol/server";
import type { SessionInfo } from "@mcpgw/core";
import type { SessionFactory } from "../serve/session-factory.js";

export const TEST_TOOLS: Tool[] = [
  { name: "echo", description: "Returns its message", inputSchema: { type: "object", properties: { message: { type: "string" } }, required: ["message"] } },
  { name: "count", description: "Reports progress `steps` times, then returns", inputSchema: { type: "object", properties: { steps: { type: "number" } } } },
  { name: "wait", description: "Returns only once its request is cancelled", inputSchema: { type: "object" } },
  { name: "ask_model", description: "Asks the client's model (sampling) and returns its answer", inputSchema: { type: "object", properties: { question: { type: "string" } } } },
];

export interface TestSessionFactory extends SessionFactory {
  /** Every session a Server was made for, in order. */
  readonly sessions: SessionInfo[];
  /** Ids passed to sessionClosed, in order. */
  readonly closed: string[];
  /** The Servers made, by session id. */
  readonly servers: Map<string, Server>;
  /** Sessions whose `wait` call was cancelled, in order. */
  readonly cancelled: string[];
}

export interface TestSessionFactoryOptions {
  /** Stateless requests' Servers list only the SDK's default revisions, as a factory unaware of the era would. */
  sdkVersionsOnly?: boolean;
}

/** A factory whose Servers offer `echo`, `count` (progress) and `ask_model` (sampling). */
export function createTestSessionFactory(options: TestSessionFactoryOptions = {}): TestSessionFactory {
  const sessions: SessionInfo[] = [];
  const closed: string[] = [];
  const servers = new Map<string, Server>();
  const cancelled: string[] = [];
  return {
    sessions,
    closed,
    servers,
    cancelled,
    createServer(session) {
      sessions.push(session);
      // A stateless request's Server lists its revision (see SessionFactory.createServer).
      const versions = session.era === "2026-07-28" && !options.sdkVersionsOnly ? { supportedProtocolVersions: [...SUPPORTED_PROTOCOL_VERSIONS, session.era] } : {};
      const server = new Server({ name: "test-gateway", version: "0.0.0" }, { capabilities: { tools: { listChanged: true } }, ...versions });
      server.setRequestHandler("tools/list", async () => ({ tools: TEST_TOOLS }));
      server.setRequestHandler("tools/call", async (request, ctx): Promise<CallToolResult> => {
        const args = request.params.arguments ?? {};
        switch (request.params.name) {
          case "echo":
            return { content: [{ type: "text", text: `echo: ${String(args.message)}` }] };
          case "count": {
            const steps = typeof args.steps === "number" ? args.steps : 3;
            const token = request.params._meta?.progressToken;
            for (let step = 1; step <= steps && token !== undefined; step++) {
              await ctx.mcpReq.notify({ method: "notifications/progress", params: { progressToken: token, progress: step, total: steps } });
            }
            return { content: [{ type: "text", text: `counted to ${steps}` }] };
          }
          case "wait":
            await new Promise((resolve) => ctx.mcpReq.signal.addEventListener("abort", resolve, { once: true }));
            cancelled.push(session.id);
            return { content: [] };
          case "ask_model": {
            const answer = await ctx.mcpReq.requestSampling({
              messages: [{ role: "user", content: { type: "text", text: String(args.question) } }],
              maxTokens: 50,
            });
            const text = answer.content && "text" in answer.content ? answer.content.text : JSON.stringify(answer.content);
            return { content: [{ type: "text", text: `model said: ${text}` }] };
          }
          default:
            return { content: [{ type: "text", text: `unknown tool ${request.params.name}` }], isError: true };
        }
      });
      servers.set(session.id, server);
      return server;
    },
    sessionClosed(id) {
      closed.push(id);
    },
  };
}
