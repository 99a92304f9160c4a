// OpenTelemetry traces of a tool call. A real `mcpgw gateway run --otel-endpoint` exports to a
// real OTLP/HTTP receiver in this test (node:http on 127.0.0.1, decoding the exporter's JSON);
// a real v1 client calls a tool of a real remote MCP server (a v1 SDK server over Streamable
// HTTP on 127.0.0.1) through it, once with a `traceparent` header and once with one in `_meta`.
// The call's span continues the client's trace, its steps are its children, the remote sees the
// gateway's span as its parent, and no argument or result value is exported.
import { createServer } from "node:http";
import type { IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { TempHome } from "../support/cli.js";
import { Cleanup, connectV1, textOf } from "../support/clients.js";
import { startGateway } from "../support/gateway.js";
import { writeHome } from "../support/servers.js";
import type { StatelessRemote } from "../support/stateless-remote.js";
import { startStatelessRemote } from "../support/stateless-remote.js";
import { eventually } from "../support/wait.js";

/** A value of the call's arguments and one of its result: neither may reach the exporter. */
const ARGUMENT_VALUE = "Zanzibar-argument-7781";
const RESULT_VALUE = "sunny-result-5531";

/** Two client traces: one sent as an HTTP header, one in the request's `_meta`. */
const HEADER_TRACE = { traceId: "0af7651916cd43dd8448eb211c80319c", spanId: "b7ad6b7169203331" };
const META_TRACE = { traceId: "4bf92f3577b34da6a3ce929d0e0e4736", spanId: "00f067aa0ba902b7" };
const traceparent = (t: { traceId: string; spanId: string }) => `00-${t.traceId}-${t.spanId}-01`;

/** OTLP's span kinds, as the JSON export numbers them. */
const KIND = { internal: 1, server: 2, client: 3 } as const;

interface ExportedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
}

/** An OTLP/HTTP receiver of JSON trace exports: every span posted to `/v1/traces`, and the raw bodies. */
async function startOtlpReceiver(): Promise<{ url: string; spans: ExportedSpan[]; bodies: string[]; close(): Promise<void> }> {
  const spans: ExportedSpan[] = [];
  const bodies: string[] = [];
  const server = createServer(async (request, response) => {
    let body = "";
    for await (const chunk of request) body += String(chunk);
    if (request.url !== "/v1/traces" || !request.headers["content-type"]?.includes("application/json")) {
      response.writeHead(415).end();
      return;
    }
    bodies.push(body);
    const exported = JSON.parse(body) as { resourceSpans: { scopeSpans: { spans: (Omit<ExportedSpan, "attributes"> & { attributes?: { key: string; value: Record<string, unknown> }[] })[] }[] }[] };
    for (const resource of exported.resourceSpans) {
      for (const scope of resource.scopeSpans) {
        for (const span of scope.spans) spans.push({ ...span, attributes: Object.fromEntries((span.attributes ?? []).map((a) => [a.key, Object.values(a.value)[0]])) });
      }
    }
    response.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans,
    bodies,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** What the remote server saw of each `tools/call`: the `traceparent` header and `_meta`'s. */
interface SeenCall {
  header: string | undefined;
  meta: string | undefined;
}

/** A stateless remote MCP server with `get_weather`, recording the trace context each call arrives with. */
async function startWeatherRemote(): Promise<StatelessRemote & { calls: SeenCall[] }> {
  const calls: SeenCall[] = [];
  const remote = await startStatelessRemote(() => {
    const mcp = new Server({ name: "weather", version: "1.0.0" }, { capabilities: { tools: {} } });
    mcp.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: [{ name: "get_weather", description: "the weather in a city", inputSchema: { type: "object", properties: { city: { type: "string" } } } }] }));
    mcp.setRequestHandler(CallToolRequestSchema, async (call, extra) => {
      const headers: IncomingHttpHeaders = extra.requestInfo?.headers ?? {};
      calls.push({ header: headers.traceparent as string | undefined, meta: call.params._meta?.traceparent as string | undefined });
      return { content: [{ type: "text", text: RESULT_VALUE }] };
    });
    return mcp;
  });
  return { ...remote, calls };
}

describe("traces of a tool call", () => {
  it("continue the client's trace (header and _meta), reach the remote server and carry no values", async () => {
    await using cleanup = new Cleanup();
    const receiver = cleanup.add(await startOtlpReceiver());
    const remote = cleanup.add(await startWeatherRemote());
    const home = await TempHome.create();
    cleanup.defer(() => home[Symbol.asyncDispose]());
    // The catalog lists the tool, so the remote starts for the call, inside its trace.
    await writeHome(home, { weather: { type: "remote", title: "Weather", remote: { url: remote.url, transport_type: "streamable-http" }, tools: [{ name: "get_weather" }] } });
    // The remote is on loopback, a private address: allowed on purpose, it is ours.
    const gateway = await startGateway(home, { args: ["--allow-private-remotes", "--otel-endpoint", receiver.url] });
    cleanup.defer(() => gateway.stop());

    const headerClient = (await connectV1({ url: gateway.url, headers: { ...gateway.headers, traceparent: traceparent(HEADER_TRACE) } })).client;
    cleanup.add(headerClient);
    expect(textOf(await headerClient.callTool({ name: "get_weather", arguments: { city: ARGUMENT_VALUE } }))).toBe(RESULT_VALUE);
    const metaClient = (await connectV1(gateway)).client;
    cleanup.add(metaClient);
    expect(textOf(await metaClient.callTool({ name: "get_weather", arguments: { city: ARGUMENT_VALUE }, _meta: { traceparent: traceparent(META_TRACE) } }))).toBe(RESULT_VALUE);

    // Stopping the gateway sends the spans it still holds: they are there once it has exited.
    await gateway.stop();
    await eventually(() => receiver.spans.filter((s) => s.name === "tools/call get_weather").length === 4, "the call spans of both calls exported");

    for (const client of [HEADER_TRACE, META_TRACE]) {
      const trace = receiver.spans.filter((s) => s.traceId === client.traceId);
      const call = trace.find((s) => s.kind === KIND.server)!;
      expect(call).toMatchObject({
        name: "tools/call get_weather",
        parentSpanId: client.spanId,
        attributes: { "mcp.method.name": "tools/call", "gen_ai.tool.name": "get_weather", "gen_ai.operation.name": "execute_tool", "network.transport": "tcp", "mcpgw.server": "weather" },
      });
      expect(call.attributes).toMatchObject({ "mcp.session.id": expect.any(String), "mcp.protocol.version": "2025-11-25", "jsonrpc.request.id": expect.any(String) });
      const childrenOf = (parent: ExportedSpan) => trace.filter((s) => s.parentSpanId === parent.spanId).map((s) => s.name);
      expect(childrenOf(call).sort()).toEqual(["mcpgw.secret_guard arguments", "mcpgw.secret_guard result", "tools/call get_weather"]);
      const upstream = trace.find((s) => s.kind === KIND.client)!;
      expect(upstream).toMatchObject({ parentSpanId: call.spanId, attributes: { "mcp.method.name": "tools/call", "gen_ai.tool.name": "get_weather", "mcpgw.server": "weather", "mcpgw.runtime": "remote" } });
      // The remote server's request is the gateway's upstream span's child: as a header and in _meta.
      const seen = traceparent({ traceId: client.traceId, spanId: upstream.spanId });
      expect(remote.calls).toContainEqual({ header: seen, meta: seen });
    }
    // The remote started for the first call, within it.
    const start = receiver.spans.find((s) => s.name === "mcpgw.upstream.start")!;
    expect(start).toMatchObject({ traceId: HEADER_TRACE.traceId, kind: KIND.internal, attributes: { "mcpgw.server": "weather", "mcpgw.runtime": "remote" } });
    expect(receiver.spans.some((s) => s.spanId === start.parentSpanId)).toBe(true);

    const exported = receiver.bodies.join("\n");
    expect(exported).not.toContain(ARGUMENT_VALUE);
    expect(exported).not.toContain(RESULT_VALUE);
    expect(exported).not.toContain(gateway.token ?? "no token");
  }, 120_000);
});
