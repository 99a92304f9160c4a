// `mcpgw oauth …` as OAuth tests run it: `oauth authorize` running in the background while the
// test's browser completes what it printed, the tokens the CLI stored, and the home's other files.
import { spawn } from "node:child_process";
import { readdir, readFile, writeFile } from "node:fs/promises";
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
  /** A refresh failed: the gateway no longer uses them. */
  needsAuthorization?: boolean;
}

/** A line of `mcpgw oauth ls --json`; `provider` only on a container or process server's provider. */
export interface OAuthListing {
  name: string;
  provider?: string;
  authorized: boolean;
  needsAuthorization: boolean;
  scopes: string[];
  expiresAt: string | null;
  refreshable: boolean;
}

/** The CLI against one home, everything it printed kept in `outputs`, to be searched for tokens. */
export class OAuthCli {
  readonly outputs: string[] = [];

  constructor(readonly home: TempHome) {}

  /** Runs `mcpgw <args>` and keeps what it printed. */
  async run(args: string[]): Promise<CliResult> {
    const result = await this.home.run(args);
    this.outputs.push(result.stdout, result.stderr);
    return result;
  }

  /** `mcpgw oauth ls --json`. */
  async listing(): Promise<OAuthListing[]> {
    const result = await this.run(["oauth", "ls", "--json"]);
    if (result.code !== 0) throw new Error(`oauth ls exited ${result.code}: ${result.stderr}`);
    return JSON.parse(result.stdout) as OAuthListing[];
  }

  /** `mcpgw oauth authorize …` running in the background (callback on any free port); its end's output kept too. */
  authorize(args: string[]): { url: Promise<string>; done: Promise<CliResult> } {
    const running = runAuthorize(this.home, args);
    return { url: running.url, done: running.done.then((result) => (this.outputs.push(result.stdout, result.stderr), result)) };
  }
}

/** `mcpgw oauth authorize …` running (callback on any free port, unless `env` says otherwise): its URL once printed, and its end. */
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

/** The tokens stored as the secret `oauth/<name>` in the home's local store, if any. */
export async function storedTokens(home: TempHome, name: string): Promise<StoredTokensRecord | undefined> {
  const text = await readFile(home.path("secrets.json"), "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  const value = (JSON.parse(text) as { secrets: Record<string, string> }).secrets[`oauth/${name}`];
  return value === undefined ? undefined : (JSON.parse(value) as StoredTokensRecord);
}

/** Writes `tokens` as the stored tokens of `name`, keeping the store's other secrets. */
export async function storeTokens(home: TempHome, name: string, tokens: StoredTokensRecord): Promise<void> {
  const file = home.path("secrets.json");
  const parsed = JSON.parse(await readFile(file, "utf8")) as { secrets: Record<string, string> };
  parsed.secrets[`oauth/${name}`] = JSON.stringify(tokens);
  await writeFile(file, JSON.stringify(parsed, null, 2), { mode: 0o600 });
}

/** The text of every file under the home except the secret store. */
export async function homeFilesExceptSecrets(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile() && e.name !== "secrets.json").map((e) => join(e.parentPath, e.name));
  return Promise.all(files.map((file) => readFile(file, "utf8")));
}
