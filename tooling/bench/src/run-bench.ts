// Runs the sections in order (a failing one is reported and the rest still run) and checks the
// targets. Everything happens in this process tree, on 127.0.0.1 and the local Docker engine.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, loadavg, totalmem } from "node:os";
import type { BenchConfig } from "./config.js";
import { removeBenchContainers } from "./docker.js";
import { assertBuilt } from "./paths.js";
import type { BenchResults, SectionKey, SectionResults } from "./results.js";
import { SECTIONS } from "./results.js";
import { runColdCall } from "./sections/cold-call.js";
import { runHttpThroughput } from "./sections/http-throughput.js";
import { runScale } from "./sections/scale.js";
import { runSearch } from "./sections/search.js";
import { runStartup } from "./sections/startup.js";
import { runStdioOverhead } from "./sections/stdio-overhead.js";
import { checkTargets } from "./targets.js";

export interface RunBenchOptions {
  /** Only these sections (all by default). */
  only?: readonly SectionKey[];
  /** Told when a section starts and ends. */
  onProgress?: (message: string) => void;
}

const RUNNERS: { [K in SectionKey]: (config: BenchConfig) => Promise<NonNullable<SectionResults[K]>> } = {
  stdio: runStdioOverhead,
  http: runHttpThroughput,
  startup: runStartup,
  coldCall: runColdCall,
  scale: runScale,
  search: runSearch,
};

/** Runs the bench with `config` and returns every number it measured. */
export async function runBench(config: BenchConfig, options: RunBenchOptions = {}): Promise<BenchResults> {
  assertBuilt();
  const started = Date.now();
  const loadStart = loadavg()[0]!;
  const sections: SectionResults = {};
  const errors: BenchResults["errors"] = {};
  for (const key of SECTIONS) {
    if (options.only && !options.only.includes(key)) continue;
    const t0 = Date.now();
    options.onProgress?.(`section ${key}…`);
    try {
      (sections as Record<string, unknown>)[key] = await RUNNERS[key](config);
      options.onProgress?.(`section ${key} done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    } catch (error) {
      errors[key] = error instanceof Error ? (error.stack ?? error.message) : String(error);
      options.onProgress?.(`section ${key} FAILED after ${((Date.now() - t0) / 1000).toFixed(1)} s: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (sections.startup || sections.coldCall || errors.startup || errors.coldCall) await removeBenchContainers().catch(() => {});
  return {
    meta: {
      startedAt: new Date(started).toISOString(),
      durationS: (Date.now() - started) / 1000,
      quick: config.quick,
      node: process.version,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model.trim() ?? "unknown",
      memoryGb: Math.round(totalmem() / 1024 ** 3),
      loadAverage: { start: loadStart, end: loadavg()[0]! },
      versions: versions(),
    },
    sections,
    errors,
    targets: checkTargets(sections),
  };
}

function versions(): Record<string, string> {
  const require = createRequire(import.meta.url);
  const version = (name: string) => {
    try {
      return (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), "utf8")) as { version: string }).version;
    } catch {
      return "unknown";
    }
  };
  let commit = "unknown";
  try {
    commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    // Not a git checkout.
  }
  return {
    mcpgw: commit,
    supergateway: version("supergateway"),
    "mcp-proxy": version("mcp-proxy"),
    "@modelcontextprotocol/server-everything": version("@modelcontextprotocol/server-everything"),
    undici: version("undici"),
  };
}
