// Child processes for the steps the engine API cannot do: ldd, npm, pnpm and tar.
import { spawn } from "node:child_process";
import { constants } from "node:fs";
import { access } from "node:fs/promises";
import { delimiter, join } from "node:path";

/** Options for {@link runCommand}. */
export interface RunCommandOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/** What a finished command printed. */
export interface CommandOutput {
  stdout: string;
  stderr: string;
}

/** A command that could not start or ended with a non-zero status; `output` says why. */
export class CommandFailedError extends Error {
  override readonly name = "CommandFailedError";
  constructor(
    readonly command: string,
    readonly output: string,
    options?: { cause?: unknown },
  ) {
    super(`${command} failed${output ? `: ${output}` : ""}`, options);
  }
}

/** How much of a failed command's output an error message keeps: its end says why. */
const OUTPUT_TAIL_CHARS = 2_000;

/** Runs a command to completion, capturing its output; rejects with {@link CommandFailedError}. */
export function runCommand(file: string, args: readonly string[], options: RunCommandOptions = {}): Promise<CommandOutput> {
  const command = [file, ...args].join(" ");
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.once("error", (error) => reject(new CommandFailedError(command, error.message, { cause: error })));
    child.once("close", (status, signal) => {
      if (status === 0) return resolve({ stdout, stderr });
      const why = (stderr.trim() || stdout.trim()).slice(-OUTPUT_TAIL_CHARS);
      reject(new CommandFailedError(command, why || `exit ${signal ?? status}`));
    });
  });
}

/**
 * How to run pnpm: the very pnpm that runs this process's script when there is one (CI may
 * only have it through npx), else the one on PATH.
 */
export function pnpmCommand(): { file: string; args: string[] } {
  const execPath = process.env.npm_execpath;
  if (execPath !== undefined && /pnpm\.c?js$/.test(execPath)) return { file: process.execPath, args: [execPath] };
  return { file: "pnpm", args: [] };
}

/**
 * The absolute path of an executable on PATH, or in the sbin folders that a non-login root
 * shell may lack (debootstrap and chroot live there); undefined when there is none.
 */
export async function findCommand(name: string): Promise<string | undefined> {
  const dirs = [...(process.env.PATH ?? "").split(delimiter).filter(Boolean), "/usr/local/sbin", "/usr/sbin", "/sbin"];
  for (const dir of dirs) {
    const path = join(dir, name);
    try {
      await access(path, constants.X_OK);
      return path;
    } catch {
      // Not here: the next folder.
    }
  }
  return undefined;
}
