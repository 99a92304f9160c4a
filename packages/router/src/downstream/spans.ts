// What the router's spans say about a client's request and about the request it forwards, by
// OpenTelemetry's MCP and GenAI semantic conventions (span names `{method} {target}`); values of
// arguments and results are never among them.
import type { SessionInfo } from "@mcpgw/core";
import type { SpanStart } from "../calls/tracing.js";
import { requestParent } from "../calls/tracing.js";
import type { Upstream } from "../upstream/upstream.js";

/** A client's `tools/call`: the server, the tool's name as the client called it, the request's `_meta` and id. */
export interface CalledTool {
  server: string;
  tool: string;
  meta: Record<string, unknown> | undefined;
  requestId: string | number | undefined;
  protocolVersion: string | undefined;
}

/** The server span of a client's `tools/call`, a child of the client's trace context. */
export function callSpan(info: SessionInfo, { server, tool, meta, requestId, protocolVersion }: CalledTool): SpanStart {
  return {
    name: `tools/call ${tool}`,
    kind: "server",
    parent: requestParent(meta),
    attributes: {
      "mcp.method.name": "tools/call",
      "gen_ai.operation.name": "execute_tool",
      "gen_ai.tool.name": tool,
      ...(requestId === undefined ? {} : { "jsonrpc.request.id": String(requestId) }),
      "network.transport": info.transport === "stdio" ? "pipe" : "tcp",
      ...(protocolVersion === undefined ? {} : { "mcp.protocol.version": protocolVersion }),
      // A stateless request's session id is its own, not one a client sees.
      ...(info.era === "2026-07-28" ? {} : { "mcp.session.id": info.id }),
      "mcpgw.server": server,
      "mcpgw.session.transport": info.transport,
    },
  };
}

/** The client span of a request forwarded to an upstream: `tools/call get_weather` with the server's own tool name. */
export function upstreamSpan(upstream: Upstream, method: string, tool: string | undefined): SpanStart {
  return {
    name: tool === undefined ? method : `${method} ${tool}`,
    kind: "client",
    attributes: {
      "mcp.method.name": method,
      ...(tool === undefined ? {} : { "gen_ai.tool.name": tool, "gen_ai.operation.name": "execute_tool" }),
      "mcpgw.server": upstream.name,
      "mcpgw.runtime": upstream.spec.kind,
    },
  };
}
