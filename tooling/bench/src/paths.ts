// Where the programs under test live: all resolved from this package's own dependencies, so
// nothing is fetched while the bench runs (no npx).
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));

/** tooling/bench itself. */
export const BENCH_DIR = join(dirname(fileURLToPath(import.meta.url)), "..");

/** The built `mcpgw` CLI's entry, as users run it. */
export const CLI_BIN = join(packageDir("mcpgw"), "bin", "run.js");

/** server-everything's stdio entry, run with `node <entry> stdio`. */
export const EVERYTHING_ENTRY = join(packageDir("@modelcontextprotocol/server-everything"), "dist", "index.js");

/** supergateway@4.0.0's CLI. */
export const SUPERGATEWAY_BIN = join(packageDir("supergateway"), "dist", "index.js");

/** mcp-proxy@6.7.19's CLI. */
export const MCP_PROXY_BIN = join(packageDir("mcp-proxy"), "dist", "bin", "mcp-proxy.mjs");

/** The HTTP floor, a bare node:http relay (plain JavaScript, run by `node` as it is). */
export const HTTP_FLOOR_BIN = join(BENCH_DIR, "src", "http-floor.mjs");

/** The upstream every gateway runs: server-everything over stdio, as argv. */
export const UPSTREAM_ARGV: readonly string[] = [process.execPath, EVERYTHING_ENTRY, "stdio"];

/** Fails early, naming the missing file, when the CLI has not been built yet. */
export function assertBuilt(): void {
  const built = join(packageDir("mcpgw"), "dist", "commands", "gateway", "run.js");
  if (!existsSync(built)) throw new Error(`the mcpgw CLI is not built (${built} is missing): run \`pnpm build\` (or \`npm run setup\`) first`);
}

/** Docker's published catalog, kept in the repository as a fixture: the search section indexes it. */
export const DOCKER_CATALOG_FIXTURE = join(BENCH_DIR, "..", "..", "test", "fixtures", "docker-mcp-catalog-v3.yaml");

/** Where the full run keeps the gateway's CPU profiles (open them in Chrome DevTools). */
export const PROFILES_DIR = join(BENCH_DIR, "results", "profiles");
