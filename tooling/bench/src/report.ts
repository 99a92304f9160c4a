// The tables `pnpm bench` prints, one per section, the baselines beside mcpgw, then the targets.
import type { ProfileSummary } from "./profile.js";
import type { BenchResults } from "./results.js";
import { HTTP_TARGET_LABELS, HTTP_TARGETS } from "./sections/http-throughput.js";
import { median } from "./stats.js";

/**
 * A plain-text table, columns padded; the first column left-aligned, the others right-aligned
 * (numbers) unless `left`.
 */
export function table(head: readonly string[], rows: readonly (readonly string[])[], left = false): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === 0 || left ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

const n0 = (v: number) => (Number.isFinite(v) ? Math.round(v).toLocaleString("en-US") : "–");
const n2 = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : "–");
const n1 = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : "–");
const x = (v: number) => (Number.isFinite(v) ? `${v.toFixed(2)}×` : "–");

/** Every section's table, the targets, and the profiles, as printed. */
export function formatReport(results: BenchResults): string {
  const out: string[] = [];
  const { sections: s, meta } = results;
  out.push(
    `mcpgw bench${meta.quick ? " --quick (tiny runs: the numbers only prove that every section works)" : ""}: ${meta.startedAt}, node ${meta.node}, ${meta.cpus} × ${meta.cpuModel}, ${meta.memoryGb} GB; load average ${meta.loadAverage.start.toFixed(2)} → ${meta.loadAverage.end.toFixed(2)}; ${meta.durationS.toFixed(0)} s`,
  );

  if (s.stdio) {
    const { direct, relay, mcpgw } = s.stdio;
    const diff = (a: number, b: number) => `${a - b >= 0 ? "+" : ""}${n2(a - b)} ms`;
    out.push(
      "",
      "1. stdio overhead: one client, sequential `echo` calls after warm-up (the relay only copies bytes: the floor of any stdio gateway)",
      table(
        ["", "direct", "relay (floor)", "mcpgw (stdio)", "mcpgw vs direct", "mcpgw vs relay"],
        [
          ["calls/s", n0(direct.callsPerSecond), n0(relay.callsPerSecond), n0(mcpgw.callsPerSecond), x(mcpgw.callsPerSecond / direct.callsPerSecond), x(mcpgw.callsPerSecond / relay.callsPerSecond)],
          ["p50 ms", n2(direct.p50), n2(relay.p50), n2(mcpgw.p50), diff(mcpgw.p50, direct.p50), diff(mcpgw.p50, relay.p50)],
          ["p99 ms", n2(direct.p99), n2(relay.p99), n2(mcpgw.p99), diff(mcpgw.p99, direct.p99), diff(mcpgw.p99, relay.p99)],
          ["calls", n0(direct.count), n0(relay.count), n0(mcpgw.count), "", ""],
        ],
      ),
    );
  }

  if (s.http) {
    const rows: string[][] = [];
    for (const [concurrency, cells] of Object.entries(s.http.byConcurrency)) {
      for (const name of HTTP_TARGETS) {
        const c = cells[name];
        const vs = name === "mcpgw" ? "" : `${x(cells.mcpgw.callsPerSecond / c.callsPerSecond)} / ${x(cells.mcpgw.p50 / c.p50)}`;
        rows.push([concurrency, HTTP_TARGET_LABELS[name], n0(c.callsPerSecond), n2(c.p50), n2(c.p99), `${n1(c.rssMb)} (${c.processes})`, n1(c.rootRssMb), c.errors ? String(c.errors) : "0", vs]);
      }
    }
    out.push(
      "",
      "2. HTTP throughput: Streamable HTTP, server-everything behind each gateway, closed loop of `echo` per session (the floor: a bare node:http relay, parse + id remap + forward, no MCP logic)",
      table(["sessions", "gateway", "calls/s", "p50 ms", "p99 ms", "tree RSS MB (procs)", "gateway process MB", "errors", "mcpgw ÷ it: calls/s / p50"], rows),
    );
  }

  if (s.startup) {
    const st = s.startup;
    const row = (label: string, r: typeof st.cold) => [label, n0(r.readyMs), n0(r.initializeMs), String(r.tools), String(r.containersStarted)];
    out.push(
      "",
      `3. Start-up: spawn of \`gateway run\` (stdio) → first answered tools/list, ${st.servers} enabled container servers (everything image, no network)`,
      table(
        ["", "ready ms", "initialize ms", "tools", "containers started"],
        [
          row(`cold cache, ${st.servers} servers`, st.cold),
          row(`warm cache, ${st.servers} servers (median of 3)`, st.warm),
          row("cold cache, 1 server", st.singleCold),
          [`floor: ${st.servers} bare containers started + listed in parallel`, n0(st.bareParallelMs), "", "", String(st.servers)],
          ["floor: node -e 0 (spawn → exit)", n0(st.nodeStartMs), "", "", ""],
        ],
      ),
      `cold ${st.servers} ÷ cold single: ${x(st.cold.readyMs / st.singleCold.readyMs)}`,
    );
  }

  if (s.coldCall) {
    const c = s.coldCall;
    const floorStart = c.floors.map((f) => f.startedMs);
    const floorInit = c.floors.map((f) => f.initializedMs);
    out.push(
      "",
      `4. Cold first call: tools/call echo on a container server that is not running (median of ${c.runs.length})`,
      table(
        ["", "ms"],
        [
          ["mcpgw: first call (container start + initialize + call)", n0(c.coldMs)],
          ["floor: bare container (dockerode) + initialize + call", n0(c.floorMs)],
          ["  of which container created and started", n0(median(floorStart))],
          ["  of which initialize answered", n0(median(floorInit))],
          ["mcpgw overhead over the floor", `${c.overheadMs >= 0 ? "+" : ""}${n0(c.overheadMs)}`],
          ["mcpgw: next call on the running container", n2(c.warmMs)],
        ],
      ),
    );
  }

  if (s.scale) {
    const sc = s.scale;
    const m = sc.sessions;
    const h = sc.heap;
    out.push(
      "",
      `5. Scale: ${sc.servers} servers × ${sc.toolsPerServer} tools from catalog metadata (their commands would fail: servers started ${sc.serversStarted}), HTTP`,
      table(
        ["", "p50 ms", "p99 ms", "calls"],
        [
          [`tools/list, all ${sc.pages} pages (${sc.tools} tools, ${n0(sc.listKb)} KB)`, n2(sc.list.p50), n2(sc.list.p99), String(sc.list.count)],
          ["tools/list, first page", n2(sc.firstPage.p50), n2(sc.firstPage.p99), String(sc.firstPage.count)],
          ["first tools/list after start (all pages)", n2(sc.firstListMs), "", "1"],
        ],
      ),
      table(
        [`gateway tree RSS (--max-sessions ${m.maxSessions}, --session-idle-timeout ${n0(m.sessionIdleMs / 1000)})`, "MB"],
        [
          ["idle baseline", n1(m.baselineMb)],
          [`after ${m.maxSessions} sessions opened and abandoned (the cap)`, n1(m.atCapMb)],
          [`after ${m.opened} opened and abandoned (${m.closedForRoom} closed to make room; ${n0(m.openMs)} ms to open)`, n1(m.afterOpenMb)],
          [
            m.reaped
              ? `after the reaper closed every one (${n1(m.idleWaitMs / 1000)} s after the last was opened)`
              : `after ${n1(m.idleWaitMs / 1000)} s idle: the reaper had not closed every one (${m.stillOpenAfterWait} still open)`,
            n1(m.afterIdleWaitMb),
          ],
          ["after every session was ended by DELETE", n1(m.afterDeleteMb)],
        ],
      ),
      ...(m.reapedWhileOpening > 0 ? [`${m.reapedWhileOpening} sessions were reaped before all were opened (the opening outlasted the idle timeout): fewer were held than the table says`] : []),
      `a fresh client after ${m.opened} abandoned sessions: HTTP ${m.freshClient.status}, ${n0(m.freshClient.ms)} ms from initialize to its first tools/list`,
      table(
        ["gateway JS heap after a full GC (a gateway of its own, read over its inspector)", "MB"],
        [
          ["before (a few sessions opened and closed)", n1(h.beforeMb)],
          [`with ${h.sessions} idle sessions (initialize + initialized, then nothing)`, n1(h.withSessionsMb)],
          ["after every one was ended by DELETE", n1(h.afterEndMb)],
        ],
      ),
      `heap per idle session: ${n1(h.perSessionKb)} KB`,
      `reaper: ${m.reaper}`,
    );
  }

  if (s.search) {
    const se = s.search;
    out.push(
      "",
      `6. Search: createToolSearch over Docker's catalog fixture (${se.servers} servers, ${se.tools} tools), in process; ${se.queries} different queries, each timed`,
      table(
        ["", "p50 ms", "p99 ms", "calls"],
        [
          ["find (limit 10)", n2(se.find.p50), n2(se.find.p99), String(se.find.count)],
          ["findServers (limit 10)", n2(se.findServers.p50), n2(se.findServers.p99), String(se.findServers.count)],
        ],
      ),
      `index build (documents from the catalog + index): ${n1(se.firstBuildMs)} ms the first time, ${n1(se.buildMs)} ms median of ${se.builds}`,
    );
  }

  if (results.targets.length > 0) {
    out.push(
      "",
      "Targets",
      table(
        ["target", "met", "measured"],
        results.targets.map((t) => [t.target, t.met === undefined ? "n/a" : t.met ? "met" : "NOT met", t.measured]),
        true,
      ),
    );
  }

  for (const [label, profile] of [
    ["stdio (sequential echo)", s.stdio?.profile],
    ["HTTP (8 sessions)", s.http?.profile],
    ["start-up (warm cache, spawn → tools/list answered)", s.startup?.profile],
    [`tools/list of ${s.scale ? s.scale.servers * s.scale.toolsPerServer : 0} tools (every page, repeated)`, s.scale?.profile],
  ] as const) {
    if (profile) out.push("", ...formatProfile(`mcpgw CPU profile, ${label}`, profile));
  }

  for (const [section, error] of Object.entries(results.errors)) out.push("", `section ${section} FAILED: ${error}`);
  return `${out.join("\n")}\n`;
}

function formatProfile(title: string, p: ProfileSummary): string[] {
  return [
    `${title}: ${n0(p.busyMs)} ms busy of ${n0(p.totalMs)} ms sampled${p.calls ? ` over ${n0(p.calls)} calls (${n1((1000 * p.busyMs) / p.calls)} µs of gateway CPU per call)` : ""}; self time, % of busy`,
    table(["package", "ms", "%"], p.byPackage.slice(0, 10).map((e) => [e.name, n0(e.ms), n1(e.percent)])),
    table(["function", "ms", "%"], p.topFunctions.slice(0, 15).map((e) => [e.name, n0(e.ms), n1(e.percent)])),
    "hottest caller chains (innermost first):",
    ...p.hotPaths.map((h) => `  ${h.name} (${n1(h.percent)}%) ← ${h.callers.join(" ← ") || "(no caller)"}`),
  ];
}

