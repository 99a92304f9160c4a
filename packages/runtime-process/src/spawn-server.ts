import { spawn } from "node:child_process";
import { stat } from "node:fs/promises";
import type { Logger, ProcessServerSpec } from "@mcpgw/core";
import { ErrorCode, GatewayError, isNodeError } from "@mcpgw/core";
import type { StartedServer } from "@mcpgw/runtime-kernel";
import { signalGroup } from "./process-group.js";

export interface SpawnServerOptions {
  /** The complete environment of the child, secrets included: it goes to `spawn` only. */
  env: Record<string, string>;
  /** How long each step of a graceful stop waits before the next, harder one. */
  stopGraceMs: number;
  logger: Logger;
}

type ExitStatus = { code: number | null; signal: string | null };

/**
 * After the server itself exited, how long its stdout may stay open (held by a process that
 * escaped its group) before we stop reading it, so requests in flight still fail promptly.
 */
const ORPHANED_PIPE_MS = 1_000;

/**
 * Starts a server's command as a child process in its own process group, with exactly `env`,
 * and resolves once it is running. A command that cannot be started (not found, not
 * executable, no such working directory) rejects with SERVER_START_FAILED naming both.
 */
export async function spawnServer(spec: ProcessServerSpec, options: SpawnServerOptions): Promise<StartedServer> {
  const { logger } = options;
  const child = spawn(spec.command, spec.args, {
    cwd: spec.cwd,
    env: options.env,
    // Its own process group, so stopping it reaches everything it started, not only itself.
    detached: true,
    stdio: ["pipe", "pipe", "pipe"],
    windowsHide: true,
  });

  let status: ExitStatus | undefined;
  const exited = new Promise<ExitStatus>((resolve) => {
    child.once("exit", (code, signal) => {
      status = { code, signal };
      resolve(status);
    });
  });

  try {
    await new Promise<void>((resolve, reject) => {
      child.once("spawn", resolve);
      child.once("error", reject);
    });
  } catch (error) {
    throw await startFailure(spec, error);
  }
  // Later errors (a failed kill, a write to a closed stdin) must not crash the gateway.
  child.on("error", (error) => logger.warn("server process error", { server: spec.name, error: error.message }));
  child.stdin.on("error", (error) => logger.debug("server stdin closed", { server: spec.name, error: error.message }));

  const pid = child.pid as number;
  void exited.then(() => {
    // Whatever it started and left behind has no one to serve: end it. SIGKILL because those
    // orphans may hold its stdout open, and requests in flight fail only when that closes.
    signalGroup(pid, "SIGKILL");
    const timer = setTimeout(() => {
      child.stdout.destroy();
      child.stderr.destroy();
    }, ORPHANED_PIPE_MS);
    timer.unref();
    child.stdout.once("close", () => clearTimeout(timer));
  });

  const settled = (ms: number) => settlesWithin(exited, ms);
  return {
    id: `pid:${pid}`,
    stdin: child.stdin,
    stdout: child.stdout,
    stderr: child.stderr,
    exited,
    async stop() {
      if (status) return;
      // MCP's stdio shutdown: end its input, then SIGTERM, then SIGKILL.
      child.stdin.end();
      if (await settled(options.stopGraceMs)) return;
      logger.debug("server ignored end of input; sending SIGTERM", { server: spec.name, pid });
      signalGroup(pid, "SIGTERM");
      if (await settled(options.stopGraceMs)) return;
      logger.warn("server ignored SIGTERM; killing it", { server: spec.name, pid });
      killHard(pid, child);
      await exited;
    },
    async kill() {
      if (status) return;
      killHard(pid, child);
      await exited;
    },
  };
}

function killHard(pid: number, child: { kill(signal: NodeJS.Signals): boolean }): void {
  signalGroup(pid, "SIGKILL");
  // In case the leader moved itself to another group.
  child.kill("SIGKILL");
}

async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function startFailure(spec: ProcessServerSpec, error: unknown): Promise<GatewayError> {
  const code = isNodeError(error) ? error.code : undefined;
  const data = { server: spec.name, command: spec.command, ...(spec.cwd ? { cwd: spec.cwd } : {}), errno: code };
  const prefix = `server "${spec.name}" could not start`;
  // Node reports a missing working directory as the command not being found: tell them apart.
  if (code === "ENOENT" && spec.cwd !== undefined && !(await isDirectory(spec.cwd))) {
    return new GatewayError(ErrorCode.SERVER_START_FAILED, `${prefix}: its working directory "${spec.cwd}" does not exist`, {
      cause: error,
      data,
      suggestion: `Create the directory, or correct "cwd" of server "${spec.name}".`,
    });
  }
  if (code === "ENOENT") {
    return new GatewayError(ErrorCode.SERVER_START_FAILED, `${prefix}: command "${spec.command}" was not found`, {
      cause: error,
      data,
      suggestion: `Install "${spec.command}" so it is on the gateway's PATH, or give its absolute path in the catalog entry of "${spec.name}".`,
    });
  }
  if (code === "EACCES") {
    return new GatewayError(ErrorCode.SERVER_START_FAILED, `${prefix}: command "${spec.command}" is not executable`, {
      cause: error,
      data,
      suggestion: `Check the permissions of "${spec.command}".`,
    });
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new GatewayError(ErrorCode.SERVER_START_FAILED, `${prefix}: command "${spec.command}" failed: ${reason}`, { cause: error, data });
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
