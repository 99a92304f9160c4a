// Section 5: scale. `tools/list` through the gateway with many servers known only from catalog
// `tools:` metadata (their command would fail and leaves a mark if it ever runs: nothing may
// start), then HTTP sessions opened and abandoned, twice the gateway's session cap of them: a
// fresh client must still be served, and the gateway's memory stay bounded (session-memory.ts);
// and the JS heap each idle session holds.
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BenchHome, CatalogEntry } from "../catalog.js";
import { createHome, serverNames, writeCatalogFile } from "../catalog.js";
import type { BenchConfig } from "../config.js";
import type { HttpTarget } from "../gateways.js";
import { startMcpgwHttp } from "../gateways.js";
import { createPool, HttpSession } from "../http-client.js";
import { PROFILES_DIR } from "../paths.js";
import type { ProfileSummary } from "../profile.js";
import { cpuProfileArgs, summarizeProfileDir } from "../profile.js";
import type { LatencySummary } from "../stats.js";
import { since, summarize } from "../stats.js";
import { within } from "../processes.js";
import type { SessionHeap, SessionMemory, StartGateway } from "./session-memory.js";
import { sessionHeap, sessionMemory } from "./session-memory.js";

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
  heap: SessionHeap;
  /** The repeated full listings under `--cpu-prof` (another gateway, same catalog). */
  profile?: ProfileSummary;
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
    await within(session.open(), "a session to open");

    const t0 = performance.now();
    const first = await within(session.listTools(), "the first tools/list");
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
    target = undefined;

    // A fresh gateway for each: baselines not inflated by the listings' garbage, and the heap
    // read over an inspector that the RSS readings do not carry.
    const start: StartGateway = (extraArgs, flags) => startMcpgwHttp(home, [...args, ...extraArgs], flags);
    const sessions = await sessionMemory(start, config);
    const heap = await sessionHeap(start, config);
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
      heap,
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
      await within(session.open(), "a session to open");
      for (let i = 0; i < 5; i++) await session.listTools();
      skipMs = since(spawned);
      await within(
        (async () => {
          for (let i = 0; i < config.scale.lists; i++) await session.listTools();
        })(),
        "the profiled listings",
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
