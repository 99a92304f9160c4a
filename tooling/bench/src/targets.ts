// The project's targets, checked against one run's measurements (ratios: absolute numbers vary by
// machine). Throughput and latency are held against the floors (the byte relay, the bare HTTP
// relay) and the peers, never against absolute numbers.
import type { SectionResults, TargetCheck } from "./results.js";

const ms = (v: number) => `${v.toFixed(2)} ms`;
const times = (v: number) => `${v.toFixed(2)}×`;

/** Every target whose section ran, met or not. */
export function checkTargets(s: SectionResults): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const add = (section: TargetCheck["section"], target: string, measured: string, met: boolean | undefined) => checks.push({ section, target, measured, met });

  if (s.stdio) {
    const { mcpgw, relay } = s.stdio;
    const vsRelay = mcpgw.callsPerSecond / relay.callsPerSecond;
    const p99 = mcpgw.p99 / relay.p99;
    add("stdio", "stdio: calls/s ≥ 0.8× the byte relay", times(vsRelay), vsRelay >= 0.8);
    add("stdio", "stdio: p99 ≤ 2× the byte relay's", `${times(p99)} (${ms(mcpgw.p99)} vs ${ms(relay.p99)})`, p99 <= 2);
  }
  if (s.http) {
    const eight = s.http.byConcurrency["8"];
    if (eight) {
      const vs = (name: "mcp-proxy" | "supergateway" | "floor") => eight.mcpgw.callsPerSecond / eight[name].callsPerSecond;
      add("http", "HTTP, 8 sessions: calls/s ≥ 3× mcp-proxy", times(vs("mcp-proxy")), vs("mcp-proxy") >= 3);
      add("http", "HTTP, 8 sessions: calls/s ≥ 3× supergateway", times(vs("supergateway")), vs("supergateway") >= 3);
      add("http", "HTTP, 8 sessions: calls/s ≥ 0.5× the HTTP floor", times(vs("floor")), vs("floor") >= 0.5);
    }
    const one = s.http.byConcurrency["1"];
    if (one) {
      const vs = (name: "mcp-proxy" | "supergateway") => one.mcpgw.p50 / one[name].p50;
      add("http", "HTTP, 1 session: p50 ≤ 0.5× mcp-proxy", times(vs("mcp-proxy")), vs("mcp-proxy") <= 0.5);
      add("http", "HTTP, 1 session: p50 ≤ 0.5× supergateway", times(vs("supergateway")), vs("supergateway") <= 0.5);
    }
  }
  if (s.startup) {
    const { warm, cold, singleCold, servers } = s.startup;
    add("startup", `start-up, warm cache, ${servers} servers: ready ≤ 300 ms`, ms(warm.readyMs), warm.readyMs <= 300);
    add("startup", "start-up, warm cache: no container started", String(warm.containersStarted), warm.containersStarted === 0);
    const ratio = cold.readyMs / singleCold.readyMs;
    add("startup", "start-up, cold cache: ≤ 1.5× the slowest single server", `${times(ratio)} (${ms(cold.readyMs)} vs ${ms(singleCold.readyMs)})`, ratio <= 1.5);
  }
  if (s.coldCall) {
    add("coldCall", "cold first call ≤ floor + 150 ms", `floor ${s.coldCall.overheadMs >= 0 ? "+" : "−"} ${ms(Math.abs(s.coldCall.overheadMs))} (${ms(s.coldCall.coldMs)} vs ${ms(s.coldCall.floorMs)})`, s.coldCall.overheadMs <= 150);
  }
  if (s.scale) {
    const tools = s.scale.servers * s.scale.toolsPerServer;
    add("scale", `tools/list with ${tools} tools: p50 ≤ 5 ms`, ms(s.scale.list.p50), s.scale.list.p50 <= 5);
    const mem = s.scale.sessions;
    add("scale", `RSS after ${mem.maxSessions} abandoned sessions ≤ 150 MB`, `${mem.atCapMb.toFixed(1)} MB`, mem.atCapMb <= 150);
    add("scale", `tree RSS with ${mem.opened} abandoned sessions ≤ 150 MB`, `${mem.afterOpenMb.toFixed(1)} MB`, mem.afterOpenMb <= 150);
    add("scale", `a fresh client after ${mem.opened} abandoned sessions is served`, `HTTP ${mem.freshClient.status} in ${ms(mem.freshClient.ms)}`, mem.freshClient.status === 200);
    // "Back within 20 MB": below the baseline counts (a fresh gateway's baseline holds garbage V8 has not yet returned).
    const reaped = mem.afterIdleWaitMb - mem.baselineMb;
    const deleted = mem.afterDeleteMb - mem.baselineMb;
    const waited = `${(mem.idleWaitMs / 1000).toFixed(1)} s`;
    if (mem.reaped) {
      add("scale", "RSS after reaping within 20 MB of the idle baseline", `${signed(reaped)} MB (the reaper closed every session ${waited} after the opening)`, reaped <= 20);
    } else {
      add(
        "scale",
        "RSS after reaping within 20 MB of the idle baseline",
        `the reaper had not closed every session after ${waited}. After DELETE of all: ${signed(deleted)} MB (${deleted <= 20 ? "within" : "not within"} 20 MB)`,
        undefined,
      );
    }
  }
  if (s.search) {
    add("search", `search over ${s.search.tools} tools: p50 ≤ 5 ms`, ms(s.search.find.p50), s.search.find.p50 <= 5);
  }
  return checks;
}

function signed(v: number): string {
  return `${v >= 0 ? "+" : ""}${v.toFixed(1)}`;
}
