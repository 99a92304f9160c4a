// `mcpgw oauth …` as OAuth tests run it: `oauth authorize` running in the background while the
// test's browser completes what it printed, the tokens the CLI stored, and the home's other files.
import { spawn } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { CliResult, TempHome } from "./cli.js";
import { CLI_BIN } from "./cli.js";
import { baseEnv } from "./process.js";
import { signal } from "./wait.js";

/** Stored tokens as the local secret store holds them (`oauth/NAME`, JSON). */
export interface StoredTokensRecord {
  accessToken: string;
  refreshToken?: string;
  clientId: string;
  issuer: string;
  resource?: string;
  expiresAt?: number;
  scope?: string[];
}

/** `mcpgw oauth authorize …` running (callback on any free port): its URL once printed, and its end. */
export function runAuthorize(home: TempHome, args: string[]): { url: Promise<string>; done: Promise<CliResult> } {
  const child = spawn(process.execPath, [CLI_BIN, ...args], { env: baseEnv({ MCPGW_HOME: home.root, MCPGW_OAUTH_PORT: "0" }), stdio: ["ignore", "pipe", "pipe"] });
  const url = signal<string>();
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
    const line = stdout.split("\n").find((l) => l.startsWith("http"));
    if (line) url.resolve(line.trim());
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const done = new Promise<CliResult>((resolve) => child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr })));
  void done.then((result) => url.resolve(`(exited ${result.code} before printing a URL: ${result.stderr})`));
  return { url: url.promise, done };
}

/** The tokens stored as the secret `oauth/<name>` in the home's local store, if any. */
export async function storedTokens(home: TempHome, name: string): Promise<StoredTokensRecord | undefined> {
  const file = JSON.parse(await readFile(home.path("secrets.json"), "utf8")) as { secrets: Record<string, string> };
  const value = file.secrets[`oauth/${name}`];
  return value === undefined ? undefined : (JSON.parse(value) as StoredTokensRecord);
}

/** The text of every file under the home except the secret store. */
export async function homeFilesExceptSecrets(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile() && e.name !== "secrets.json").map((e) => join(e.parentPath, e.name));
  return Promise.all(files.map((file) => readFile(file, "utf8")));
}
