// Prometheus metrics end to end: real gateways (`gateway run` over HTTP, and over stdio with
// --metrics-port) with the example clock server as a process, a scripted set of calls from a
// real SDK client, and /metrics scraped over a socket and read back series by series.
import { readFile } from "node:fs/promises";
import { freePort, metricSample } from "@mcpgw/tooling/testing";
import { describe, expect, it } from "vitest";
import { TempHome } from "../support/cli.js";
import { Cleanup, connectStdio, connectV1, failure } from "../support/clients.js";
import { startGateway } from "../support/gateway.js";
import { clockProcess, writeHome } from "../support/servers.js";
import { eventually } from "../support/wait.js";

/** A key of a known shape (AWS), which the secret guard blocks in a call's arguments. */
const AWS_KEY_SHAPE = "AKIAJ3Q7ZX5V2N8L4R6T";

const scrape = async (url: string, token?: string) => {
  const response = await fetch(`${url}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: response.status, type: response.headers.get("content-type"), text: await response.text() };
};

/** The scripted calls: two that succeed, a tool error, an unknown tool and a blocked one. */
async function scriptedCalls(client: { callTool(params: { name: string; arguments?: Record<string, unknown> }): Promise<unknown> }) {
  await client.callTool({ name: "now", arguments: {} });
  await client.callTool({ name: "now", arguments: { timezone: "UTC" } });
  expect(await client.callTool({ name: "now", arguments: { timezone: "Not/A_Zone" } })).toMatchObject({ isError: true });
  expect((await failure(client.callTool({ name: "no_such_tool", arguments: {} }))).message).toMatch(/unknown tool/);
  expect((await failure(client.callTool({ name: "now", arguments: { timezone: AWS_KEY_SHAPE } }))).message).toMatch(/blocked a call to clock\/now/);
}

/** What the scripted calls leave in the metrics, whichever transport served them. */
function expectScriptedMetrics(text: string) {
  const clock = { server: "clock" };
  expect(metricSample(text, "mcpgw_tool_calls_total", { ...clock, tool: "now", outcome: "ok" })).toBe(2);
  expect(metricSample(text, "mcpgw_tool_calls_total", { ...clock, tool: "now", outcome: "tool_error" })).toBe(1);
  expect(metricSample(text, "mcpgw_tool_calls_total", { ...clock, tool: "now", outcome: "blocked" })).toBe(1);
  // A name no server offers never becomes a label: clients cannot grow the series.
  expect(text).not.toContain("no_such_tool");
  expect(metricSample(text, "mcpgw_tool_call_duration_seconds_count", clock)).toBe(4);
  // Every call was a request, the unknown tool's too.
  expect(metricSample(text, "mcpgw_requests_total", { method: "tools/call" })).toBe(5);
  expect(metricSample(text, "mcpgw_secret_guard_denials_total", { ...clock, direction: "arguments" })).toBe(1);
  expect(metricSample(text, "mcpgw_upstream_starts_total", { ...clock, runtime: "process", outcome: "ok" })).toBe(1);
  expect(metricSample(text, "mcpgw_upstreams_running", { ...clock, runtime: "process" })).toBe(1);
  expect(metricSample(text, "mcpgw_upstream_start_duration_seconds_count", { ...clock, runtime: "process" })).toBe(1);
  expect(metricSample(text, "mcpgw_upstream_crash_restarts_total", clock)).toBeUndefined();
  // Argument values never reach the metrics.
  expect(text).not.toContain(AWS_KEY_SHAPE);
}

describe("/metrics of an HTTP gateway", () => {
  it("asks for the token /mcp asks for, and counts tool calls by server, tool and outcome, the upstream and the session", async () => {
    await using home = await TempHome.create();
    await using cleanup = new Cleanup();
    await writeHome(home, { clock: clockProcess() });
    const gateway = await startGateway(home);
    cleanup.defer(() => gateway.stop());
    expect((await scrape(gateway.url)).status).toBe(401);
    expect((await scrape(gateway.url, "not-the-token")).status).toBe(401);
    const answer = await scrape(gateway.url, gateway.token);
    expect(answer.status).toBe(200);
    expect(answer.type).toMatch(/^text\/plain; version=0\.0\.4/);

    const { client, transport } = await connectV1({ url: gateway.url, headers: gateway.headers });
    cleanup.add(client);
    await scriptedCalls(client);
    const { text } = await scrape(gateway.url, gateway.token);
    expectScriptedMetrics(text);
    expect(metricSample(text, "mcpgw_sessions_open", { transport: "streamable-http" })).toBe(1);
    expect(metricSample(text, "mcpgw_sessions_opened_total", { transport: "streamable-http" })).toBe(1);
    // A client that ends its session (DELETE) takes it out of the gauge.
    await transport.terminateSession();
    await eventually(async () => metricSample((await scrape(gateway.url, gateway.token)).text, "mcpgw_sessions_open", { transport: "streamable-http" }) === 0, "the closed session to leave the gauge");
  }, 120_000);
});

describe("/metrics with --metrics-public", () => {
  it("is served without a token, while /mcp still asks for one", async () => {
    await using home = await TempHome.create();
    await writeHome(home, { clock: clockProcess() });
    await using gateway = await startGateway(home, { args: ["--metrics-public"] });
    const answer = await scrape(gateway.url);
    expect(answer.status).toBe(200);
    expect(answer.text).toContain("# TYPE mcpgw_tool_calls_total counter");
    expect((await fetch(`${gateway.url}/mcp`, { method: "POST" })).status).toBe(401);
  }, 120_000);
});

describe("--metrics-port beside a stdio gateway", () => {
  it("serves the stdio session's metrics on 127.0.0.1, behind the home's token", async () => {
    await using home = await TempHome.create();
    await using cleanup = new Cleanup();
    await writeHome(home, { clock: clockProcess() });
    const port = await freePort();
    const { client } = await connectStdio(home, ["--metrics-port", String(port)]);
    cleanup.add(client);
    const url = `http://127.0.0.1:${port}`;
    const token = (await readFile(home.path("auth-token"), "utf8")).trim();
    expect((await scrape(url)).status).toBe(401);
    await scriptedCalls(client);
    const answer = await scrape(url, token);
    expect(answer.status).toBe(200);
    expectScriptedMetrics(answer.text);
    expect(metricSample(answer.text, "mcpgw_sessions_open", { transport: "stdio" })).toBe(1);
  }, 120_000);
});
