import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { stablePort } from "@mcpgw/tooling/testing";
import { baseEnv, runProcess } from "./process.js";
import { eventually } from "./wait.js";

/** How long Verdaccio may take to answer its first ping on a busy machine. */
const REGISTRY_START_DEADLINE_MS = 60_000;

/** A Verdaccio on 127.0.0.1 with one user, and an npm user config that points at it. */
export interface LocalRegistry extends AsyncDisposable {
  /** `http://127.0.0.1:PORT/`. */
  url: string;
  /** The npm user config file: this registry, its token, the machine's CA file. */
  userconfig: string;
  /**
   * The environment for npm, pnpm and changesets to use this registry and nothing else: the user
   * config, the registry (changesets reads it from `npm_config_registry`), a cache of its own.
   */
  env: Record<string, string>;
  /** A temporary folder that is removed with the registry. */
  scratch(name: string): Promise<string>;
  /** Where Verdaccio's output went, for a failing test's message. */
  log(): string;
}

/**
 * Starts Verdaccio on a free port of 127.0.0.1. `local` packages are only ever published to it
 * (never fetched from elsewhere); every other package comes through an uplink to the registry npm
 * is configured with here, so third-party dependencies install as they would for a user.
 */
export async function startLocalRegistry(local: readonly string[]): Promise<LocalRegistry> {
  const root = await mkdtemp(join(tmpdir(), "mcpgw-registry-"));
  const upstream = await npmConfig("registry");
  // The machine may reach its registry through a proxy that only its own CA file vouches for:
  // the uplink (Node's TLS) and the npm runs below must trust the same file.
  const cafile = await npmConfig("cafile");
  const extraCa = process.env.NODE_EXTRA_CA_CERTS ?? cafile;
  const port = await stablePort();
  const url = `http://127.0.0.1:${port}/`;

  const config = join(root, "config.yaml");
  await writeFile(config, verdaccioConfig(root, upstream, local));
  const bin = join(dirname(createRequire(import.meta.url).resolve("verdaccio/package.json")), "bin", "verdaccio");
  const child = spawn(process.execPath, [bin, "--config", config, "--listen", `127.0.0.1:${port}`], {
    cwd: root,
    env: baseEnv(extraCa ? { NODE_EXTRA_CA_CERTS: extraCa } : {}),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => (output += d));
  child.stderr.setEncoding("utf8").on("data", (d: string) => (output += d));
  const exited = once(child, "exit");

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await exited;
    }
    await rm(root, { recursive: true, force: true });
  };

  try {
    await eventually(
      async () => {
        if (child.exitCode !== null) throw new Error(`Verdaccio exited with ${child.exitCode}:\n${output}`);
        return (await fetch(`${url}-/ping`).catch(() => undefined))?.ok === true;
      },
      "Verdaccio to answer /-/ping",
      REGISTRY_START_DEADLINE_MS,
      200,
    );
    const token = await createUser(url);
    const userconfig = join(root, "npmrc");
    await writeFile(
      userconfig,
      [
        `registry=${url}`,
        `//127.0.0.1:${port}/:_authToken=${token}`,
        ...(cafile ? [`cafile=${cafile}`] : []),
        "update-notifier=false",
        "fund=false",
        "audit=false",
        "",
      ].join("\n"),
      { mode: 0o600 },
    );
    const env = {
      NPM_CONFIG_USERCONFIG: userconfig,
      npm_config_registry: url,
      npm_config_cache: join(root, "npm-cache"),
      ...(extraCa ? { NODE_EXTRA_CA_CERTS: extraCa } : {}),
    };
    let scratchCount = 0;
    return {
      url,
      userconfig,
      env,
      scratch: (name) => mkdtemp(join(root, `${name}-${scratchCount++}-`)),
      log: () => output,
      [Symbol.asyncDispose]: stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** A value of the machine's npm config (its own user config, not ours), or undefined when unset. */
async function npmConfig(key: string): Promise<string | undefined> {
  const result = await runProcess("npm", ["config", "get", key]);
  if (result.code !== 0) throw new Error(`npm config get ${key} failed: ${result.stderr}`);
  const value = result.stdout.trim();
  return value === "" || value === "null" || value === "undefined" ? undefined : value;
}

function verdaccioConfig(root: string, upstream: string | undefined, local: readonly string[]): string {
  if (!upstream) throw new Error("npm has no registry configured: Verdaccio needs one for third-party packages");
  const ownPackages = local.map((name) => `  '${name}':\n    access: $all\n    publish: $authenticated\n`).join("");
  return [
    `storage: ${JSON.stringify(join(root, "storage"))}`,
    "auth:",
    "  htpasswd:",
    `    file: ${JSON.stringify(join(root, "htpasswd"))}`,
    "    max_users: 10",
    "uplinks:",
    "  upstream:",
    `    url: ${JSON.stringify(upstream)}`,
    "    timeout: 120s",
    "    max_fails: 5",
    "packages:",
    ownPackages.trimEnd(),
    "  '**':",
    "    access: $all",
    "    publish: $authenticated",
    "    proxy: upstream",
    "web:",
    "  enable: false",
    "log: { type: stdout, format: pretty, level: warn }",
    "",
  ].join("\n");
}

/** Registers a user through the CouchDB-style API npm's `adduser` uses; returns its token. */
async function createUser(url: string): Promise<string> {
  const name = "mcpgw-test";
  const response = await fetch(`${url}-/user/org.couchdb.user:${name}`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name, password: "local-registry-only" }),
  });
  const body = (await response.json()) as { token?: string };
  if (!response.ok || !body.token) throw new Error(`Verdaccio refused the test user: HTTP ${response.status}`);
  return body.token;
}
