// What OAuth tests share about the CLI: `mcpgw oauth authorize` running with its URL read from
// stdout as it comes, and the tokens the home's secret store holds for a server.
import { spawn } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { CLI_BIN } from "./cli.js";
import type { CliResult, TempHome } from "./cli.js";
import { baseEnv } from "./process.js";
import { signal } from "./wait.js";

/** A server's tokens as the local store keeps them (the secret `oauth/<server>`). */
export interface StoredTokens {
  accessToken: string;
  refreshToken?: string;
  expiresAt?: number;
  clientId: string;
  resource: string;
  scope?: string[];
  needsAuthorization?: boolean;
}

/** `mcpgw oauth authorize …` running: its URL once printed, and its end. */
export function runAuthorize(home: TempHome, args: string[], env: Record<string, string> = {}): { url: Promise<string>; done: Promise<CliResult> } {
  const child = spawn(process.execPath, [CLI_BIN, ...args], { env: baseEnv({ MCPGW_HOME: home.root, MCPGW_OAUTH_PORT: "0", ...env }), stdio: ["ignore", "pipe", "pipe"] });
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

/** The tokens the home's local secret store holds for `server`, if any. */
export async function storedTokens(home: TempHome, server: string): Promise<StoredTokens | undefined> {
  const text = await readFile(home.path("secrets.json"), "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  const value = (JSON.parse(text) as { secrets: Record<string, string> }).secrets[`oauth/${server}`];
  return value === undefined ? undefined : (JSON.parse(value) as StoredTokens);
}

/** Writes `tokens` as the stored tokens of `server`, keeping the store's other secrets. */
export async function storeTokens(home: TempHome, server: string, tokens: StoredTokens): Promise<void> {
  const file = home.path("secrets.json");
  const parsed = JSON.parse(await readFile(file, "utf8")) as { secrets: Record<string, string> };
  parsed.secrets[`oauth/${server}`] = JSON.stringify(tokens);
  await writeFile(file, JSON.stringify(parsed, null, 2), { mode: 0o600 });
}
