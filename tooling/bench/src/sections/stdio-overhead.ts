// Section 1: what mcpgw costs on stdio. One client calls server-everything's `echo` in a
// sequential loop, directly and through `mcpgw gateway run --transport stdio`; the two are
// measured in alternating rounds so that background load falls on both alike.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BenchHome } from "../catalog.js";
import { createHome, everythingProcess, writeCatalogFile } from "../catalog.js";
import type { ClosedLoopResult, LoopRound } from "../closed-loop.js";
import { closedLoop, mergeRounds } from "../closed-loop.js";
import type { BenchConfig } from "../config.js";
import { checkEcho, ECHO_CALL } from "../echo-call.js";
import { startDirectServer, startRelay, startStdioGateway, stopStdioGateway } from "../gateways.js";
import type { LineClient } from "../json-rpc-lines.js";
import { PROFILES_DIR } from "../paths.js";
import type { ProfileSummary } from "../profile.js";
import { cpuProfileArgs, summarizeProfileDir } from "../profile.js";
import { PATIENCE_MS, stopProgram, within } from "../processes.js";
import { since } from "../stats.js";

export interface StdioResult {
  direct: ClosedLoopResult;
  /** Through a relay that only copies bytes: the floor of any stdio gateway (one more process hop). */
  relay: ClosedLoopResult;
  mcpgw: ClosedLoopResult;
  /** mcpgw p50 − direct p50, ms. */
  overheadP50Ms: number;
  /** mcpgw calls/s ÷ direct calls/s. */
  throughputRatio: number;
  profile?: ProfileSummary;
}

const ROUNDS = 2;

export async function runStdioOverhead(config: BenchConfig): Promise<StdioResult> {
  const home = await createHome("stdio");
  try {
    const catalog = await writeCatalogFile(home.path("bench.yaml"), { everything: everythingProcess() });
    const args = ["--catalog", catalog, "--servers", "everything"];
    const direct = startDirectServer();
    const relay = startRelay();
    const gateway = startStdioGateway(home, args);
    try {
      await within(Promise.all([direct.client.initialize(), relay.client.initialize(), gateway.client.initialize()]), "all three to answer initialize");
      const loop = (client: LineClient) => async () => checkEcho(await client.call("tools/call", ECHO_CALL));
      const options = { ...config.stdio, durationMs: config.stdio.durationMs / ROUNDS };
      const sides = { direct: direct.client, relay: relay.client, mcpgw: gateway.client };
      const rounds: Record<keyof typeof sides, LoopRound[]> = { direct: [], relay: [], mcpgw: [] };
      for (let round = 0; round < ROUNDS; round++) {
        // Warm-up only before the first round of each.
        const warm = round === 0 ? options : { ...options, warmupCalls: 0 };
        for (const [name, client] of Object.entries(sides) as [keyof typeof sides, LineClient][]) {
          rounds[name].push(await within(closedLoop([loop(client)], warm), `the ${name} stdio loop`, options.durationMs + PATIENCE_MS));
        }
      }
      const result: StdioResult = {
        direct: mergeRounds(rounds.direct),
        relay: mergeRounds(rounds.relay),
        mcpgw: mergeRounds(rounds.mcpgw),
        overheadP50Ms: 0,
        throughputRatio: 0,
      };
      result.overheadP50Ms = result.mcpgw.p50 - result.direct.p50;
      result.throughputRatio = result.mcpgw.callsPerSecond / result.direct.callsPerSecond;
      if (config.profile) result.profile = await profileStdio(home, args, config);
      return result;
    } finally {
      await stopProgram(direct.program, { graceMs: 5_000, gentle: () => direct.program.child.stdin!.end() });
      await stopProgram(relay.program, { graceMs: 5_000, gentle: () => relay.program.child.stdin!.end() });
      await stopStdioGateway(gateway.program);
    }
  } finally {
    await home.dispose();
  }
}

/** The same loop through a gateway started with `--cpu-prof`; its profile, summarized. */
async function profileStdio(home: BenchHome, args: readonly string[], config: BenchConfig): Promise<ProfileSummary> {
  const dir = await mkdtemp(join(tmpdir(), "mcpgw-bench-prof-"));
  try {
    const spawned = performance.now();
    const gateway = startStdioGateway(home, args, { nodeArgs: cpuProfileArgs(dir) });
    let skipMs = 0;
    let calls = 0;
    try {
      await within(gateway.client.initialize(), "the profiled gateway to answer initialize");
      const workers = [async () => checkEcho(await gateway.client.call("tools/call", ECHO_CALL))];
      await closedLoop(workers, { ...config.stdio, durationMs: 0 });
      skipMs = since(spawned);
      calls = (await closedLoop(workers, { ...config.stdio, warmupCalls: 0, durationMs: config.profileMs })).latencies.length;
    } finally {
      await stopStdioGateway(gateway.program);
    }
    // Start-up and warm-up are left out: the profile is of the loop alone.
    return { ...(await summarizeProfileDir(dir, { keepAs: join(PROFILES_DIR, "mcpgw-stdio.cpuprofile"), skipMs })), calls };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
