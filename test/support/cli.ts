import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** The built CLI's entry, as users run it (`mcpgw` is this package's dependency). */
export const CLI_BIN = join(dirname(createRequire(import.meta.url).resolve("mcpgw/package.json")), "bin", "run.js");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Text written to the CLI's stdin, which is then closed. */
  stdin?: string;
  env?: Record<string, string>;
  cwd?: string;
}

/** A temporary MCPGW_HOME, removed when disposed. */
export class TempHome implements AsyncDisposable {
  private constructor(readonly root: string) {}

  static async create(): Promise<TempHome> {
    return new TempHome(await mkdtemp(join(tmpdir(), "mcpgw-home-")));
  }

  path(...parts: string[]): string {
    return join(this.root, ...parts);
  }

  /** Runs `mcpgw <args>` as a real process against this home. */
  run(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
    return runCli(args, { ...options, env: { MCPGW_HOME: this.root, ...options.env } });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await rm(this.root, { recursive: true, force: true });
  }
}

/** Runs the built CLI as a child process and collects its output and exit code. */
export function runCli(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], {
      cwd: options.cwd ?? process.cwd(),
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? tmpdir(), NO_COLOR: "1", ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(options.stdin ?? "");
  });
}
