// The metrics module on its own: what each event makes of the metrics, read back from the
// Prometheus text it serves. Upstreams are real child processes of the process runtime.
import type { ProcessServerSpec } from "@mcpgw/core";
import { ErrorCode, GatewayError, silentLogger } from "@mcpgw/core";
import { createProcessConnector } from "@mcpgw/runtime-process";
import { metricSample as sample } from "@mcpgw/tooling/testing";
import { describe, expect, it } from "vitest";
import { callOutcome, createGatewayMetrics, METRIC_NAMES } from "./gateway-metrics.js";

/** A process that stays up on its stdin: enough of a server for the runtime to start and stop. */
const idleSpec = (name: string): ProcessServerSpec => ({
  kind: "process",
  name,
  source: { file: "test" },
  env: {},
  secretEnv: {},
  sharing: "shared",
  longLived: false,
  command: process.execPath,
  args: ["-e", "process.stdin.resume()"],
});

describe("createGatewayMetrics", () => {
  it("counts tool calls by server, tool and outcome, and their durations by server", async () => {
    const metrics = createGatewayMetrics();
    const call = { time: new Date().toISOString(), session: "s1", server: "clock", tool: "now", durationMs: 20 };
    metrics.recordCall({ ...call, outcome: "ok" });
    metrics.recordCall({ ...call, outcome: "ok" });
    metrics.recordCall({ ...call, tool: "sleep", outcome: "error", errorCode: -32006 });
    metrics.recordRequest("tools/list");
    const text = await metrics.scrape();
    expect(sample(text, "mcpgw_tool_calls_total", { server: "clock", tool: "now", outcome: "ok" })).toBe(2);
    expect(sample(text, "mcpgw_tool_calls_total", { server: "clock", tool: "sleep", outcome: "timeout" })).toBe(1);
    expect(sample(text, "mcpgw_tool_call_duration_seconds_count", { server: "clock" })).toBe(3);
    expect(sample(text, "mcpgw_requests_total", { method: "tools/list" })).toBe(1);
    expect(sample(text, "mcpgw_tool_call_duration_seconds_sum", { server: "clock" })).toBeCloseTo(0.06);
    expect(sample(text, "mcpgw_tool_call_duration_seconds_bucket", { server: "clock", le: "0.01" })).toBe(0);
    expect(sample(text, "mcpgw_tool_call_duration_seconds_bucket", { server: "clock", le: "0.025" })).toBe(3);
  });

  it("names outcomes: ok, tool_error, timeout, blocked, else the JSON-RPC code", () => {
    expect(callOutcome({ outcome: "ok" })).toBe("ok");
    expect(callOutcome({ outcome: "tool-error" })).toBe("tool_error");
    expect(callOutcome({ outcome: "error", errorCode: -32006 })).toBe("timeout");
    expect(callOutcome({ outcome: "error", errorCode: -32005 })).toBe("blocked");
    expect(callOutcome({ outcome: "error", errorCode: -32603 })).toBe("-32603");
    expect(callOutcome({ outcome: "error" })).toBe("error");
  });

  it("counts upstream starts, exits and crash restarts, and the upstreams running", async () => {
    const metrics = createGatewayMetrics();
    const connector = metrics.observeConnector(createProcessConnector({ stopGraceMs: 500 }));
    try {
      const spec = idleSpec("idle");
      const labels = { server: "idle", runtime: "process" };
      const first = await connector.connect(spec, { logger: silentLogger });
      expect(sample(await metrics.scrape(), "mcpgw_upstreams_running", labels)).toBe(1);
      process.kill(Number(first.id.replace(/^pid:/, "")), "SIGKILL");
      // The metrics saw the end first: they listened from the start.
      await first.closed;
      let text = await metrics.scrape();
      expect(sample(text, "mcpgw_upstream_exits_total", { ...labels, reason: "crashed" })).toBe(1);
      expect(sample(text, "mcpgw_upstreams_running", labels)).toBe(0);

      const second = await connector.connect(spec, { logger: silentLogger });
      await second.close();
      await second.closed;
      text = await metrics.scrape();
      expect(sample(text, "mcpgw_upstream_starts_total", { ...labels, outcome: "ok" })).toBe(2);
      expect(sample(text, "mcpgw_upstream_crash_restarts_total", labels)).toBe(1);
      expect(sample(text, "mcpgw_upstream_exits_total", { ...labels, reason: "stopped" })).toBe(1);
      expect(sample(text, "mcpgw_upstream_start_duration_seconds_count", labels)).toBe(2);
      expect(sample(text, "mcpgw_upstreams_running", labels)).toBe(0);
    } finally {
      await connector.closeAll();
    }
  });

  it("counts the secret guard's refusals, image pulls and sessions opened, open, evicted and reaped", async () => {
    const metrics = createGatewayMetrics();
    const guard = metrics.observeGuard({
      arguments: () => {
        throw new GatewayError(ErrorCode.REFUSED, "blocked");
      },
      result: (_call, value) => value,
    });
    expect(() => guard.arguments({ server: "notes", tool: "add" }, {})).toThrow("blocked");
    expect(guard.result({ server: "notes", tool: "add" }, "fine")).toBe("fine");
    metrics.recordPull({ kind: "started", image: "mcp/x:1", owner: "x" });
    metrics.recordPull({ kind: "pulled", image: "mcp/x:1", layers: 1, present: 0, bytes: 10, durationMs: 5 });
    metrics.recordPull({ kind: "failed", image: "mcp/y:1", reason: "not found" });
    metrics.sessions.opened("streamable-http");
    metrics.sessions.opened("streamable-http");
    metrics.sessions.opened("sse");
    metrics.sessions.closed("sse");
    metrics.sessions.abandoned("streamable-http", "idle-timeout");
    metrics.sessions.closed("streamable-http");
    metrics.sessions.abandoned("streamable-http", "caller-cap");
    metrics.sessions.closed("streamable-http");
    const text = await metrics.scrape();
    expect(sample(text, "mcpgw_secret_guard_denials_total", { server: "notes", direction: "arguments" })).toBe(1);
    expect(sample(text, "mcpgw_secret_guard_denials_total", { server: "notes", direction: "result" })).toBeUndefined();
    expect(sample(text, "mcpgw_image_pulls_total", { outcome: "pulled" })).toBe(1);
    expect(sample(text, "mcpgw_image_pulls_total", { outcome: "failed" })).toBe(1);
    expect(sample(text, "mcpgw_sessions_open", { transport: "streamable-http" })).toBe(0);
    expect(sample(text, "mcpgw_sessions_open", { transport: "sse" })).toBe(0);
    expect(sample(text, "mcpgw_sessions_opened_total", { transport: "streamable-http" })).toBe(2);
    expect(sample(text, "mcpgw_sessions_opened_total", { transport: "sse" })).toBe(1);
    expect(sample(text, "mcpgw_sessions_reaped_total", { transport: "streamable-http" })).toBe(1);
    expect(sample(text, "mcpgw_sessions_evicted_total", { transport: "streamable-http", cap: "caller" })).toBe(1);
  });

  it("exports exactly the names it lists, and each registry is its own", async () => {
    const text = await createGatewayMetrics().scrape();
    const helped = [...text.matchAll(/^# HELP (\S+)/gm)].map((m) => m[1]);
    expect(helped.sort()).toEqual([...METRIC_NAMES].sort());
  });
});
