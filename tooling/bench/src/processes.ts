// Child processes of the bench: spawned with a minimal environment, drained, measured through
// /proc, and always stopped (by pid, with their descendants) however a section ends.
import type { ChildProcess, SpawnOptions } from "node:child_process";
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";

/** The environment every spawned program starts from: enough to find commands and a home. */
export function baseEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? tmpdir(),
    NO_COLOR: "1",
    ...(process.env.DOCKER_HOST ? { DOCKER_HOST: process.env.DOCKER_HOST } : {}),
    ...extra,
  };
}

const live = new Set<ChildProcess>();
// A bench that crashes or is interrupted must not leave gateways behind.
process.once("exit", () => {
  for (const child of live) killTree(child.pid, "SIGKILL");
});

/** A spawned program whose output is kept (stderr capped) so that pipes never fill. */
export interface Spawned {
  child: ChildProcess;
  pid: number;
  /** Everything it printed on stderr so far (the last 64 KiB). */
  stderr(): string;
  /** Everything it printed on stdout so far, unless stdout is read by someone else. */
  stdout(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Spawns `command args…` with piped stdio. Unless `rawStdout`, stdout is collected as text;
 * otherwise the caller reads `child.stdout` itself.
 */
export function spawnProgram(command: string, args: readonly string[], options: SpawnOptions & { rawStdout?: boolean } = {}): Spawned {
  const child = spawn(command, args, { stdio: ["pipe", "pipe", "pipe"], ...options, env: options.env ?? baseEnv() });
  if (child.pid === undefined) throw new Error(`could not spawn ${command}`);
  live.add(child);
  let err = "";
  let out = "";
  child.stderr!.setEncoding("utf8").on("data", (d: string) => {
    err = (err + d).slice(-65_536);
  });
  if (!options.rawStdout) {
    child.stdout!.setEncoding("utf8").on("data", (d: string) => {
      out = (out + d).slice(-65_536);
    });
  }
  child.stdin!.on("error", () => {});
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("exit", (code, signal) => {
      live.delete(child);
      resolve({ code, signal });
    });
  });
  return { child, pid: child.pid, stderr: () => err, stdout: () => out, exited };
}

/** Lines a program writes on stderr that match a pattern, counted as they come. */
export interface LineCounter {
  readonly count: number;
  /** Resolves once `n` lines matched; rejects if the program exits first. */
  reached(n: number): Promise<void>;
}

/** Counts, from now on, the lines `program` writes on stderr that match `pattern`. */
export function countStderrLines(program: Spawned, pattern: RegExp): LineCounter {
  let count = 0;
  let partial = "";
  const waiters = new Set<{ n: number; resolve: () => void }>();
  program.child.stderr!.on("data", (chunk: string) => {
    const lines = (partial + chunk).split("\n");
    partial = lines.pop()!;
    for (const line of lines) if (pattern.test(line)) count++;
    for (const waiter of waiters) {
      if (count < waiter.n) continue;
      waiters.delete(waiter);
      waiter.resolve();
    }
  });
  return {
    get count() {
      return count;
    },
    reached(n) {
      if (count >= n) return Promise.resolve();
      return new Promise((resolve, reject) => {
        waiters.add({ n, resolve });
        void program.exited.then(() => reject(new Error(`it exited after ${count} of ${n} lines matching ${pattern}`)));
      });
    },
  };
}

/** Pids of every descendant of `pid` (children, grandchildren, …), from /proc. */
export function descendants(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // The command name (field 2) may hold spaces; the fields after its ')' are plain.
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const list = parents.get(ppid) ?? [];
      list.push(Number(entry));
      parents.set(ppid, list);
    } catch {
      // The process ended while we looked.
    }
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of parents.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** VmRSS of one process in bytes (0 when it is gone). */
export function rssOf(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** The RSS of a process and all its descendants, in MB, with how many processes that was. */
export function treeRss(pid: number): { mb: number; processes: number } {
  const pids = [pid, ...descendants(pid)];
  const bytes = pids.reduce((sum, p) => sum + rssOf(p), 0);
  return { mb: bytes / 1024 / 1024, processes: pids.length };
}

/** Sends `signal` to a process and its descendants (children first seen, then the process). */
export function killTree(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  for (const p of [...descendants(pid), pid]) {
    try {
      process.kill(p, signal);
    } catch {
      // Already gone.
    }
  }
}

/**
 * Stops a spawned program: `SIGTERM` (or `gentle`, e.g. closing stdin), then SIGKILL of the
 * whole tree after `graceMs`. Descendants still alive afterwards are killed too.
 */
export async function stopProgram(program: Spawned, options: { graceMs?: number; gentle?: () => void } = {}): Promise<{ code: number | null; signal: NodeJS.Signals | null; killed: boolean }> {
  const tree = descendants(program.pid);
  let killed = false;
  if (program.child.exitCode === null && program.child.signalCode === null) {
    if (options.gentle) options.gentle();
    else program.child.kill("SIGTERM");
    const late = await Promise.race([program.exited.then(() => false), sleep(options.graceMs ?? 10_000).then(() => true)]);
    if (late) {
      killed = true;
      killTree(program.pid, "SIGKILL");
    }
  }
  const result = await program.exited;
  for (const pid of tree) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Gone, as it should be.
    }
  }
  return { ...result, killed };
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * How long the bench waits for any one event (a program to listen, sessions to open, an answer,
 * a container, the reaper): several times what it takes on a loaded 2-core machine, so that it
 * runs out only when something is broken. Every wait is bounded by it, and the whole run by
 * `limitMs` (config.ts).
 */
export const PATIENCE_MS = 180_000;

/** `promise`, or a rejection naming `what` after `ms`: every wait of the bench is bounded. */
export async function within<T>(promise: Promise<T>, what: string, ms = PATIENCE_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
