// The server image's program (`mcpgw-server`, apps/server's build), configured by MCPGW_*
// variables only, as a child process of the test.
import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import type { Cleanup } from "./clients.js";
import { removeContainersOf } from "./docker.js";
import { repoFile } from "./files.js";
import { baseEnv } from "./process.js";
import { eventually } from "./wait.js";

/** The built server program. */
export const SERVER_BIN = repoFile("apps/server/dist/index.js");

/** A started server program: its URL (`…/mcp` is the endpoint), the process, and its exit. */
export interface ServerProgram {
  url: string;
  child: ChildProcess;
  exited: Promise<unknown>;
}

/**
 * Starts the server program with `env` and resolves once it has announced its URL. `cleanup`
 * stops it (SIGTERM) and removes the containers it left.
 */
export async function startServerProgram(env: Record<string, string>, cleanup: Cleanup): Promise<ServerProgram> {
  const child = spawn(process.execPath, [SERVER_BIN], { env: baseEnv(env), stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  const exited = new Promise((resolve) => child.once("exit", resolve));
  cleanup.defer(() => removeContainersOf(child.pid!));
  cleanup.defer(async () => (child.kill("SIGTERM"), await exited));
  await eventually(() => /serving MCP at (http:\S+)\/mcp /.test(stdout), "the server program to announce its URL", 60_000);
  return { url: /serving MCP at (http:\S+)\/mcp /.exec(stdout)![1]!, child, exited };
}
