// Section 2: Streamable HTTP throughput. mcpgw, supergateway, mcp-proxy and the HTTP floor (a
// bare node:http relay) each run the same server-everything command; 1 and 8 sessions call
// `echo` in a closed loop. mcpgw is measured twice: 2025-11-25 sessions, and as many stateless
// 2026-07-28 clients (a gateway of its own). Rounds alternate between the gateways, and each one's process tree is
// weighed (RSS) after its load.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BenchHome } from "../catalog.js";
import { createHome, everythingProcess, writeCatalogFile } from "../catalog.js";
import type { ClosedLoopResult, LoopRound } from "../closed-loop.js";
import { closedLoop, mergeRounds } from "../closed-loop.js";
import type { BenchConfig } from "../config.js";
import { checkEcho, ECHO_CALL } from "../echo-call.js";
import type { HttpTarget } from "../gateways.js";
import { startHttpFloor, startMcpgwHttp, startMcpProxy, startSupergateway } from "../gateways.js";
import type { McpHttpClient } from "../http-client.js";
import { createPool, HttpSession, StatelessClient } from "../http-client.js";
import { PROFILES_DIR } from "../paths.js";
import type { ProfileSummary } from "../profile.js";
import { cpuProfileArgs, summarizeProfileDir } from "../profile.js";
import { PATIENCE_MS, rssOf, treeRss, within } from "../processes.js";
import { since } from "../stats.js";

export const HTTP_TARGETS = ["mcpgw", "mcpgw-2026", "supergateway", "mcp-proxy", "floor"] as const;
export type HttpTargetName = (typeof HTTP_TARGETS)[number];

/** How the tables name each target: the floor by what it is. */
export const HTTP_TARGET_LABELS: Record<HttpTargetName, string> = { mcpgw: "mcpgw", "mcpgw-2026": "mcpgw (2026-07-28, stateless)", supergateway: "supergateway", "mcp-proxy": "mcp-proxy", floor: "floor (node:http)" };

export interface HttpCell extends ClosedLoopResult {
  /** RSS of the gateway's whole process tree right after this load, MB. */
  rssMb: number;
  /** How many processes that tree had. */
  processes: number;
  /** RSS of the gateway's own process (its root), MB. */
  rootRssMb: number;
}

export interface HttpResult {
  /** By concurrency ("1", "8"), then by gateway. */
  byConcurrency: Record<string, Record<HttpTargetName, HttpCell>>;
  profile?: ProfileSummary;
}

const ROUNDS = 2;

export async function runHttpThroughput(config: BenchConfig): Promise<HttpResult> {
  const home = await createHome("http");
  const targets: HttpTarget[] = [];
  try {
    const catalog = await writeCatalogFile(home.path("bench.yaml"), { everything: everythingProcess() });
    const args = ["--catalog", catalog, "--servers", "everything"];
    targets.push(await startMcpgwHttp(home, args), { ...(await startMcpgwHttp(home, args)), name: "mcpgw-2026" }, await startSupergateway(), await startMcpProxy(), await startHttpFloor());
    const result: HttpResult = { byConcurrency: {} };
    for (const concurrency of config.http.concurrency) {
      const opened = await Promise.all(
        targets.map(async (target) => {
          const pool = createPool(target.origin, concurrency);
          const sessions: McpHttpClient[] = Array.from({ length: concurrency }, () => (target.name === "mcpgw-2026" ? new StatelessClient(pool, target.path) : new HttpSession(pool, target.path)));
          await within(Promise.all(sessions.map((s) => s.open())), `${target.name}: ${concurrency} sessions to open`);
          return { target, pool, sessions, rounds: [] as LoopRound[] };
        }),
      );
      const options = { ...config.http, durationMs: config.http.durationMs / ROUNDS };
      for (let round = 0; round < ROUNDS; round++) {
        for (const entry of opened) {
          const workers = entry.sessions.map((session) => async () => checkEcho(await session.call("tools/call", ECHO_CALL)));
          const warm = round === 0 ? options : { ...options, warmupCalls: 0 };
          entry.rounds.push(await within(closedLoop(workers, warm), `${entry.target.name} under load`, options.durationMs + PATIENCE_MS));
        }
      }
      const cells = {} as Record<HttpTargetName, HttpCell>;
      for (const entry of opened) {
        const rss = treeRss(entry.target.program.pid);
        cells[entry.target.name as HttpTargetName] = { ...mergeRounds(entry.rounds), rssMb: rss.mb, processes: rss.processes, rootRssMb: rssOf(entry.target.program.pid) / 1024 / 1024 };
        // Sessions end here, so that the next concurrency level is weighed with its own only.
        await Promise.all(entry.sessions.map((s) => s.close().catch(() => 0)));
        await entry.pool.close();
      }
      result.byConcurrency[String(concurrency)] = cells;
    }
    await Promise.all(targets.splice(0).map((t) => t.stop()));
    if (config.profile) result.profile = await profileHttp(home, args, config);
    return result;
  } finally {
    await Promise.all(targets.map((t) => t.stop()));
    await home.dispose();
  }
}

/** mcpgw with `--cpu-prof` under the 8-session load; its profile, summarized. */
async function profileHttp(home: BenchHome, args: readonly string[], config: BenchConfig): Promise<ProfileSummary> {
  const dir = await mkdtemp(join(tmpdir(), "mcpgw-bench-prof-"));
  try {
    const spawned = performance.now();
    const target = await startMcpgwHttp(home, args, { nodeArgs: cpuProfileArgs(dir) });
    let skipMs = 0;
    let calls = 0;
    try {
      const concurrency = Math.max(...config.http.concurrency);
      const pool = createPool(target.origin, concurrency);
      const sessions = Array.from({ length: concurrency }, () => new HttpSession(pool, target.path));
      await within(Promise.all(sessions.map((s) => s.open())), "profiled sessions to open");
      const workers = sessions.map((session) => async () => checkEcho(await session.call("tools/call", ECHO_CALL)));
      await closedLoop(workers, { ...config.http, durationMs: 0 });
      skipMs = since(spawned);
      calls = (await closedLoop(workers, { ...config.http, warmupCalls: 0, durationMs: config.profileMs })).latencies.length;
      await pool.close();
    } finally {
      await target.stop();
    }
    // Start-up and warm-up are left out: the profile is of the load alone.
    return { ...(await summarizeProfileDir(dir, { keepAs: join(PROFILES_DIR, "mcpgw-http-8-sessions.cpuprofile"), skipMs })), calls };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
