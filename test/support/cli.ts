import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { ProcessResult, RunProcessOptions } from "./process.js";
import { runProcess } from "./process.js";

/** The built CLI's entry, as users run it (`mcpgw` is this package's dependency). */
export const CLI_BIN = join(dirname(createRequire(import.meta.url).resolve("mcpgw/package.json")), "bin", "run.js");

export type CliResult = ProcessResult;
export type RunOptions = RunProcessOptions;

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
    // Docker's catalog is never fetched from the internet in a test: port 1 refuses at once, so
    // `catalog init` installs the starter catalog unless a test serves one.
    return runCli(args, { ...options, env: { MCPGW_HOME: this.root, MCPGW_DOCKER_CATALOG_URL: "http://127.0.0.1:1/catalog.yaml", ...options.env } });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await rm(this.root, { recursive: true, force: true });
  }
}

/** Runs the built CLI as a child process and collects its output and exit code. */
export function runCli(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  return runProcess(process.execPath, [CLI_BIN, ...args], options);
}
