// The bench's smoke test: `pnpm bench --quick` runs every section in a tiny form, so that the
// bench cannot rot. It asserts that each section produced numbers, not what they are.
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BENCH_DIR } from "./paths.js";
import type { BenchResults } from "./results.js";
import { SECTIONS } from "./results.js";
import { QUICK } from "./config.js";
import { HTTP_TARGETS } from "./sections/http-throughput.js";

/**
 * The bench gives up by itself after QUICK.limitMs, saying so; the test kills it only if it has
 * not exited this long after that.
 */
const BENCH_EXIT_GRACE_MS = 30_000;
/** The whole test: the bench's own limit, the grace after it, and reading the results. */
const SMOKE_TEST_TIMEOUT_MS = QUICK.limitMs + BENCH_EXIT_GRACE_MS + 30_000;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "mcpgw-bench-smoke-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function runQuick(out: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--conditions=@mcpgw/source", "--import", "tsx", "src/cli.ts", "--quick", "--out", out], {
      cwd: BENCH_DIR,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? tmpdir(), ...(process.env.DOCKER_HOST ? { DOCKER_HOST: process.env.DOCKER_HOST } : {}) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), QUICK.limitMs + BENCH_EXIT_GRACE_MS);
    child.on("error", reject);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const finite = (value: unknown) => typeof value === "number" && Number.isFinite(value) && value >= 0;

describe("pnpm bench --quick", () => {
  it("runs every section and reports numbers for each", async () => {
    const out = join(dir, "quick.json");
    const run = await runQuick(out);
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    const results = JSON.parse(await readFile(out, "utf8")) as BenchResults;
    expect(results.errors).toEqual({});
    expect(Object.keys(results.sections).sort()).toEqual([...SECTIONS].sort());
    const s = results.sections;

    for (const side of [s.stdio!.direct, s.stdio!.mcpgw]) {
      expect(side.count).toBeGreaterThan(0);
      expect(finite(side.p50) && finite(side.p99) && side.callsPerSecond > 0).toBe(true);
    }
    for (const cells of Object.values(s.http!.byConcurrency)) {
      expect(Object.keys(cells).sort()).toEqual([...HTTP_TARGETS].sort());
      for (const cell of Object.values(cells)) {
        expect(cell.count).toBeGreaterThan(0);
        expect(cell.errors).toBe(0);
        expect(cell.rssMb).toBeGreaterThan(0);
      }
    }
    expect(Object.keys(s.http!.byConcurrency)).toEqual(["1", "8"]);
    expect(s.startup!.warm.containersStarted).toBe(0);
    expect(s.startup!.cold.tools).toBeGreaterThan(0);
    expect(finite(s.startup!.cold.readyMs) && finite(s.startup!.warm.readyMs) && finite(s.startup!.bareParallelMs)).toBe(true);
    expect(s.coldCall!.runs[0]!.containersBefore).toBe(0);
    expect(s.coldCall!.runs[0]!.containersAfter).toBe(1);
    expect(finite(s.coldCall!.coldMs) && finite(s.coldCall!.floorMs)).toBe(true);
    expect(s.scale!.serversStarted).toBe(0);
    expect(s.scale!.tools).toBe(s.scale!.servers * s.scale!.toolsPerServer);
    expect(finite(s.scale!.list.p50) && s.scale!.sessions.atCapMb > 0 && s.scale!.sessions.afterOpenMb > 0).toBe(true);
    // More sessions were abandoned than the gateway's cap: a new client is served all the same.
    expect(s.scale!.sessions.opened).toBeGreaterThan(s.scale!.sessions.maxSessions);
    expect(s.scale!.sessions.freshClient.status).toBe(200);
    // Each session past the cap had room made for it (or found some the reaper had made), and the reaper closed the rest.
    const mem = s.scale!.sessions;
    expect(mem.closedForRoom + mem.reapedWhileOpening).toBeGreaterThanOrEqual(mem.opened - mem.maxSessions);
    expect(mem.reaped).toBe(true);
    const heap = s.scale!.heap;
    expect(heap.sessions).toBe(mem.maxSessions);
    expect(heap.beforeMb > 0 && heap.withSessionsMb > 0 && Number.isFinite(heap.perSessionKb)).toBe(true);
    expect(s.search!.tools).toBeGreaterThan(2000);
    expect(s.search!.find.count).toBe(s.search!.queries * QUICK.search.rounds);
    expect(finite(s.search!.find.p50) && finite(s.search!.findServers.p99) && finite(s.search!.buildMs)).toBe(true);
    expect(results.targets.length).toBeGreaterThan(10);

    for (const heading of ["1. stdio overhead", "2. HTTP throughput", "floor (node:http)", "3. Start-up", "4. Cold first call", "5. Scale", "heap per idle session", "6. Search", "Targets"]) {
      expect(run.stdout).toContain(heading);
    }
  }, SMOKE_TEST_TIMEOUT_MS);
});
