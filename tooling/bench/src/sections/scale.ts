// Section 5: scale. `tools/list` through the gateway with many servers known only from catalog
// `tools:` metadata (their command would fail and leaves a mark if it ever runs: nothing may
// start), then HTTP sessions opened and abandoned, twice the gateway's session cap of them: a
// fresh client must still be served, and the gateway's memory stay bounded.
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BenchHome, CatalogEntry } from "../catalog.js";
import { createHome, serverNames, writeCatalogFile } from "../catalog.js";
import type { BenchConfig } from "../config.js";
import { startMcpgwHttp } from "../gateways.js";
import type { HttpTarget } from "../gateways.js";
import { createPool, HttpSession, HttpStatusError } from "../http-client.js";
import { PROFILES_DIR } from "../paths.js";
import type { ProfileSummary } from "../profile.js";
import { cpuProfileArgs, summarizeProfileDir } from "../profile.js";
import type { LatencySummary } from "../stats.js";
import { since, summarize } from "../stats.js";
import { sleep, treeRss, within } from "../processes.js";

export interface ScaleResult {
  servers: number;
  toolsPerServer: number;
  /** Tools the gateway listed (all pages). */
  tools: number;
  pages: number;
  /** Size of one full listing's response bodies (all pages), KB. */
  listKb: number;
  /** The first full listing (the exposed view is computed then), ms. */
  firstListMs: number;
  /** Full listings (every page), repeated on one session. */
  list: LatencySummary;
  /** The first page alone (500 tools). */
  firstPage: LatencySummary;
  /** How many times a server's command ran (it must be 0). */
  serversStarted: number;
  sessions: SessionMemory;
  /** The repeated full listings under `--cpu-prof` (another gateway, same catalog). */
  profile?: ProfileSummary;
}

export interface SessionMemory {
  /** Sessions opened and abandoned, `maxSessions` of them first, then the rest. */
  opened: number;
  /** The gateway's `--max-sessions`: past it, each initialize closes the least recently active idle session. */
  maxSessions: number;
  /** Wall time to open them all (initialize + initialized, 16 at a time), ms. */
  openMs: number;
  /** Gateway tree RSS (MB) before: a fresh gateway after a few sessions opened and closed. */
  baselineMb: number;
  /** Right after the first `maxSessions` were opened and abandoned (the cap reached, nothing closed yet). */
  atCapMb: number;
  /** Right after all of them were opened and abandoned (`opened - maxSessions` closed to make room). */
  afterOpenMb: number;
  /** A fresh client right after: it must be served. */
  freshClient: FreshClient;
  /** After waiting `idleWaitMs` with every session idle. */
  afterIdleWaitMb: number;
  idleWaitMs: number;
  /** Sessions the gateway still had after the wait (a DELETE answered 200, i.e. not reaped). */
  stillOpenAfterWait: number;
  /** Whether the idle reaper ran during the wait (every session was gone when it ended). */
  reaped: boolean;
  /** After every session was ended by DELETE (the close path the idle reaper takes too). */
  afterDeleteMb: number;
  /** How the idle reaper can be reached from `gateway run`. */
  reaper: string;
}

/** What a client that comes after the abandoned sessions got. */
export interface FreshClient {
  /** HTTP status of its initialize (200: served; 503 would be a lock-out). */
  status: number;
  /** From its initialize to its first answered tools/list, ms (to the refusal when refused). */
  ms: number;
}

/** How the reaper is reached from `gateway run`. */
const REAPER_NOTE = "gateway run --session-idle-timeout: abandoned sessions are closed after it; the wait above is longer than it";

/** A session idle timeout the wait outlasts: about half of it, at least one second. */
function sessionIdleSeconds(config: BenchConfig): number {
  return Math.max(1, Math.floor(config.scale.idleWaitMs / 2000));
}

export async function runScale(config: BenchConfig): Promise<ScaleResult> {
  const { servers: n, toolsPerServer } = config.scale;
  const home = await createHome("scale");
  let target: HttpTarget | undefined;
  try {
    const marker = home.path("started.log");
    const names = serverNames(n);
    const catalog = await writeCatalogFile(home.path("bench.yaml"), Object.fromEntries(names.map((name) => [name, failingServer(name, toolsPerServer, marker)])));
    const args = ["--catalog", catalog, "--servers", names.join(",")];
    target = await startMcpgwHttp(home, args);
    const pool = createPool(target.origin, 16);
    const session = new HttpSession(pool, target.path);
    await within(session.open(), "a session to open", 30_000);

    const t0 = performance.now();
    const first = await within(session.listTools(), "the first tools/list", 60_000);
    const firstListMs = since(t0);
    const lists: number[] = [];
    const pages: number[] = [];
    for (let i = 0; i < config.scale.lists; i++) {
      const t1 = performance.now();
      await session.call("tools/list", {});
      pages.push(since(t1));
      const t2 = performance.now();
      const listed = await session.listTools();
      lists.push(since(t2));
      if (listed.tools.length !== first.tools.length) throw new Error(`tools/list returned ${listed.tools.length} tools, then ${first.tools.length}`);
    }
    await session.close();
    await pool.close();
    await target.stop();

    // A fresh gateway for the sessions: its baseline is not inflated by the listings' garbage.
    // Its idle timeout is short enough for the reaper to run within the wait that follows.
    target = await startMcpgwHttp(home, [...args, "--session-idle-timeout", String(sessionIdleSeconds(config)), "--max-sessions", String(config.scale.maxSessions)]);
    const sessionPool = createPool(target.origin, 16);
    const sessions = await sessionMemory(target, sessionPool, config);
    await sessionPool.close();
    await target.stop();
    target = undefined;
    const profile = config.profile ? await profileLists(home, args, config) : undefined;
    const serversStarted = existsSync(marker) ? readFileSync(marker, "utf8").split("\n").filter(Boolean).length : 0;
    return {
      ...(profile ? { profile } : {}),
      servers: n,
      toolsPerServer,
      tools: first.tools.length,
      pages: first.pages,
      listKb: first.chars / 1024,
      firstListMs,
      list: summarize(lists),
      firstPage: summarize(pages),
      serversStarted,
      sessions,
    };
  } finally {
    await target?.stop();
    await home.dispose();
  }
}

/** A process server whose command would fail, after leaving a line in `marker`; with its tools declared. */
function failingServer(name: string, tools: number, marker: string): CatalogEntry {
  return {
    type: "process",
    title: `Scale ${name}`,
    process: { command: "/bin/sh", args: ["-c", `echo ${name} >> '${marker}'; exit 1`] },
    tools: Array.from({ length: tools }, (_, i) => ({
      name: `${name}_tool_${String(i).padStart(2, "0")}`,
      description: `Tool ${i} of ${name}: does one thing, described in a sentence as catalogs do.`,
      inputSchema: {
        type: "object",
        properties: { query: { type: "string", description: "What to look for" }, limit: { type: "number", description: "At most this many" } },
        required: ["query"],
      },
    })),
  };
}

async function sessionMemory(target: HttpTarget, pool: ReturnType<typeof createPool>, config: BenchConfig): Promise<SessionMemory> {
  const pid = target.program.pid;
  // Warm-up: the code paths of opening and closing sessions, so the baseline has them loaded.
  for (let i = 0; i < 10; i++) {
    const s = new HttpSession(pool, target.path);
    await s.open();
    await s.close();
  }
  await sleep(2_000);
  const baselineMb = treeRss(pid).mb;

  const count = config.scale.sessions;
  const { maxSessions } = config.scale;
  const sessions = Array.from({ length: count }, () => new HttpSession(pool, target.path));
  const t0 = performance.now();
  // The first wave fills the gateway to its cap; in the second each initialize makes room.
  await forEach16(sessions.slice(0, maxSessions), (session) => session.open(), `${maxSessions} sessions to open`);
  await sleep(500);
  const atCapMb = treeRss(pid).mb;
  await forEach16(sessions.slice(maxSessions), (session) => session.open(), `${count - maxSessions} more sessions to open`);
  const openMs = since(t0);
  await sleep(500);
  const afterOpenMb = treeRss(pid).mb;
  const freshClient = await serveFreshClient(pool, target.path);

  await sleep(config.scale.idleWaitMs);
  const afterIdleWaitMb = treeRss(pid).mb;

  let stillOpenAfterWait = 0;
  await forEach16(
    sessions,
    async (session) => {
      if ((await session.close()) === 200) stillOpenAfterWait++;
    },
    `${count} sessions to close`,
  );
  await sleep(2_000);
  const afterDeleteMb = treeRss(pid).mb;
  return {
    opened: count,
    maxSessions,
    openMs,
    baselineMb,
    atCapMb,
    afterOpenMb,
    freshClient,
    afterIdleWaitMb,
    idleWaitMs: config.scale.idleWaitMs,
    stillOpenAfterWait,
    reaped: count > 0 && stillOpenAfterWait === 0,
    afterDeleteMb,
    reaper: REAPER_NOTE,
  };
}

/** Runs `step` on every session, 16 at a time (the pool's connections), within two minutes. */
async function forEach16(sessions: readonly HttpSession[], step: (session: HttpSession) => Promise<unknown>, what: string): Promise<void> {
  let next = 0;
  await within(
    Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < sessions.length) await step(sessions[next++]!);
      }),
    ),
    what,
    120_000,
  );
}

/** A new client: initialize, initialized and one tools/list, timed; its HTTP status if refused. */
async function serveFreshClient(pool: ReturnType<typeof createPool>, path: string): Promise<FreshClient> {
  const client = new HttpSession(pool, path);
  const t0 = performance.now();
  try {
    await within(
      (async () => {
        await client.open();
        await client.call("tools/list", {});
      })(),
      "a fresh client to be served",
      30_000,
    );
  } catch (error) {
    if (error instanceof HttpStatusError) return { status: error.status, ms: since(t0) };
    throw error;
  }
  const ms = since(t0);
  await client.close();
  return { status: 200, ms };
}

/** Full listings through a gateway started with `--cpu-prof`; its profile, summarized. */
async function profileLists(home: BenchHome, args: readonly string[], config: BenchConfig): Promise<ProfileSummary> {
  const dir = await mkdtemp(join(tmpdir(), "mcpgw-bench-prof-"));
  try {
    const spawned = performance.now();
    const target = await startMcpgwHttp(home, args, { nodeArgs: cpuProfileArgs(dir) });
    let skipMs = 0;
    try {
      const pool = createPool(target.origin, 1);
      const session = new HttpSession(pool, target.path);
      await within(session.open(), "a session to open", 30_000);
      for (let i = 0; i < 5; i++) await session.listTools();
      skipMs = since(spawned);
      await within(
        (async () => {
          for (let i = 0; i < config.scale.lists; i++) await session.listTools();
        })(),
        "the profiled listings",
        120_000,
      );
      await pool.close();
    } finally {
      await target.stop();
    }
    return await summarizeProfileDir(dir, { keepAs: join(PROFILES_DIR, "mcpgw-tools-list-2000.cpuprofile"), skipMs });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
