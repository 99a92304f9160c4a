import { spawn } from "node:child_process";
import { tmpdir } from "node:os";

/** What a finished child process printed, and how it ended. */
export interface ProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunProcessOptions {
  /** Text written to the child's stdin, which is then closed. */
  stdin?: string;
  /** Added to a minimal environment (PATH, HOME, NO_COLOR): a test's own variables never leak in. */
  env?: Record<string, string>;
  cwd?: string;
  /** The child is killed (SIGKILL) past this; default 90 s, so a hang fails the test instead of holding the worker. */
  timeoutMs?: number;
}

/** The environment every spawned tool starts from: enough to find commands and a home. */
export function baseEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? tmpdir(),
    NO_COLOR: "1",
    ...(process.env.DOCKER_HOST ? { DOCKER_HOST: process.env.DOCKER_HOST } : {}),
    ...extra,
  };
}

/** Runs `command args…` to its end and collects its output and exit code (-1 when it was killed). */
export function runProcess(command: string, args: readonly string[], options: RunProcessOptions = {}): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd ?? process.cwd(), env: baseEnv(options.env), stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    const timeoutMs = options.timeoutMs ?? 90_000;
    const timer = setTimeout(() => {
      stderr += `\n[test harness] killed after ${timeoutMs} ms`;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
    child.stdin.on("error", () => {});
    child.stdin.end(options.stdin ?? "");
  });
}
