// Real MCP servers for gateway scenarios, written into a home's catalog the way users write
// them: server-everything as a container and as a process, and the example clock server.
import { mkdir, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { exampleServers } from "@mcpgw/example-servers";
import { stringify } from "yaml";

const require = createRequire(import.meta.url);

/** server-everything's entry script, run with node (no npx: nothing is fetched). */
export const EVERYTHING_ENTRY = join(dirname(require.resolve("@modelcontextprotocol/server-everything/package.json")), "dist", "index.js");

/** The example clock server's built entry. */
export const CLOCK_ENTRY = exampleServers.find((s) => s.name === "clock")!.entry;

/** The clock's tool names, as it lists them. */
export const CLOCK_TOOLS = exampleServers.find((s) => s.name === "clock")!.tools.map((t) => t.name);

/** A catalog entry, as YAML would hold it. */
export type CatalogEntry = Record<string, unknown>;

/** server-everything as a local process over stdio. */
export function everythingProcess(over: CatalogEntry = {}): CatalogEntry {
  return { type: "process", title: "Everything (process)", process: { command: process.execPath, args: [EVERYTHING_ENTRY, "stdio"] }, ...over };
}

/** server-everything as a container of the test image, without a network. */
export function everythingContainer(image: string, over: CatalogEntry = {}): CatalogEntry {
  return { type: "server", title: "Everything (container)", image, disableNetwork: true, ...over };
}

/** The example clock server as a local process. */
export function clockProcess(over: CatalogEntry = {}): CatalogEntry {
  return { type: "process", title: "Clock", process: { command: process.execPath, args: [CLOCK_ENTRY] }, ...over };
}

/**
 * Writes `MCPGW_HOME/catalogs/e2e.yaml` with these servers and `registry.yaml` enabling
 * `enabled` (all of them by default).
 */
export async function writeHome(home: { path(...parts: string[]): string }, servers: Record<string, CatalogEntry>, enabled: readonly string[] = Object.keys(servers)): Promise<void> {
  await mkdir(home.path("catalogs"), { recursive: true });
  await writeFile(home.path("catalogs", "e2e.yaml"), stringify({ name: "e2e", registry: servers }));
  await writeFile(home.path("registry.yaml"), stringify({ registry: Object.fromEntries(enabled.map((name) => [name, { ref: "" }])) }));
}
