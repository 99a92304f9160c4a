// Section 3: start-up with container servers. The time from spawning `gateway run` (stdio) to
// the first answered `tools/list`, with a fresh home (cold list cache) and again with the same
// home (warm), and how many containers the gateway started to answer it.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureTestImage } from "@mcpgw/test-images";
import type { BenchHome } from "../catalog.js";
import { createHome, everythingContainer, serverNames, writeHomeCatalog } from "../catalog.js";
import type { BenchConfig } from "../config.js";
import { bareContainerRun, managedContainersOf, removeContainersOf } from "../docker.js";
import type { NodeFlags } from "../gateways.js";
import { startStdioGateway, stopStdioGateway } from "../gateways.js";
import { PROFILES_DIR } from "../paths.js";
import type { ProfileSummary } from "../profile.js";
import { cpuProfileArgs, summarizeProfileDir } from "../profile.js";
import { PATIENCE_MS, sleep, spawnProgram, within } from "../processes.js";
import { median, since } from "../stats.js";

/** One start of the gateway, up to its first answered tools/list. */
export interface StartupRun {
  /** Spawn → initialize answered, ms. */
  initializeMs: number;
  /** Spawn → tools/list answered (every page), ms. */
  readyMs: number;
  tools: number;
  /** Containers labelled mcpgw.managed=true that this gateway had started by then. */
  containersStarted: number;
}

export interface StartupResult {
  servers: number;
  image: string;
  /** Making sure the test image exists (not part of any timing). */
  imageMs: number;
  cold: StartupRun;
  /** The median (by ready time) of three warm starts: one start is at the mercy of the machine. */
  warm: StartupRun;
  /** One enabled server, fresh home: the single-server time the cold run is compared with. */
  singleCold: StartupRun;
  /** Floor: as many bare containers as servers, started and listed in parallel (wall time, ms). */
  bareParallelMs: number;
  /** Floor of any Node program: spawn of `node -e 0` → exit, ms (median of 3). */
  nodeStartMs: number;
  /** A warm start under `--cpu-prof`: where the time before the first answer goes. */
  profile?: ProfileSummary;
}

const WARM_RUNS = 3;
const ENGINE_SETTLE_MS = 5_000;

export async function runStartup(config: BenchConfig): Promise<StartupResult> {
  const t0 = performance.now();
  const image = await ensureTestImage("everything");
  const imageMs = since(t0);
  const n = config.startup.servers;
  const servers = Object.fromEntries(serverNames(n).map((name) => [name, everythingContainer(image)]));

  const home = await createHome("startup");
  const single = await createHome("startup-single");
  try {
    await writeHomeCatalog(home, servers);
    const cold = await firstList(home);
    // The engine tears the cold run's twenty containers down in the background for a few
    // seconds after they are gone from its list; a restart meets a settled engine.
    await sleep(ENGINE_SETTLE_MS);
    const warmRuns: StartupRun[] = [];
    for (let i = 0; i < WARM_RUNS; i++) warmRuns.push(await firstList(home));
    const warm = warmRuns.sort((a, b) => a.readyMs - b.readyMs)[WARM_RUNS >> 1]!;
    await writeHomeCatalog(single, { s01: everythingContainer(image) });
    const singleCold = await firstList(single);
    const started = performance.now();
    await within(Promise.all(Array.from({ length: n }, () => bareContainerRun(image, "list"))), `${n} bare containers`);
    const bareParallelMs = since(started);
    const nodeStartMs = median([await nodeStart(), await nodeStart(), await nodeStart()]);
    const result: StartupResult = { servers: n, image, imageMs, cold, warm, singleCold, bareParallelMs, nodeStartMs };
    if (config.profile) result.profile = await profileWarmStart(home);
    return result;
  } finally {
    await Promise.all([home.dispose(), single.dispose()]);
  }
}

/** Spawns a stdio gateway on `home`, initializes, lists every tool; then stops it. */
export async function firstList(home: BenchHome, flags: NodeFlags = {}): Promise<StartupRun> {
  const t0 = performance.now();
  const { program, client } = startStdioGateway(home, [], flags);
  try {
    await within(client.initialize(), "the gateway to answer initialize");
    const initializeMs = since(t0);
    const tools = await within(client.listTools(), "the gateway to answer tools/list");
    const readyMs = since(t0);
    const containersStarted = (await managedContainersOf(program.pid)).length;
    return { initializeMs, readyMs, tools: tools.length, containersStarted };
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${program.stderr().slice(-2_000)}`, { cause: error });
  } finally {
    // The list cache is written on the way out: the warm run depends on a clean stop.
    await stopStdioGateway(program, PATIENCE_MS);
    await removeContainersOf(program.pid);
  }
}

/** spawn → exit of `node -e 0`, ms. */
async function nodeStart(): Promise<number> {
  const t0 = performance.now();
  const program = spawnProgram(process.execPath, ["-e", "0"]);
  await within(program.exited, "node -e 0");
  return since(t0);
}

async function profileWarmStart(home: BenchHome): Promise<ProfileSummary> {
  const dir = await mkdtemp(join(tmpdir(), "mcpgw-bench-prof-"));
  try {
    await firstList(home, { nodeArgs: cpuProfileArgs(dir) });
    return await summarizeProfileDir(dir, { keepAs: join(PROFILES_DIR, "mcpgw-startup-warm.cpuprofile") });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
