// Catalogs and homes for the gateways under test, written the way users write them.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { EVERYTHING_ENTRY } from "./paths.js";

/** A catalog entry, as YAML holds it. */
export type CatalogEntry = Record<string, unknown>;

/** server-everything as a local process over stdio: the same upstream every gateway runs. */
export function everythingProcess(): CatalogEntry {
  return { type: "process", title: "Everything (process)", process: { command: process.execPath, args: [EVERYTHING_ENTRY, "stdio"] } };
}

/** server-everything as a container of the test image, without a network. */
export function everythingContainer(image: string, over: CatalogEntry = {}): CatalogEntry {
  return { type: "server", title: "Everything (container)", image, disableNetwork: true, ...over };
}

/** The `echo` tool as a catalog declares it, so that listing needs no running server. */
export const ECHO_TOOL = {
  name: "echo",
  description: "Echoes back the input string",
  inputSchema: { type: "object", properties: { message: { type: "string", description: "Message to echo" } }, required: ["message"] },
};

/** A temporary MCPGW_HOME, removed by `dispose`. */
export interface BenchHome {
  root: string;
  path(...parts: string[]): string;
  dispose(): Promise<void>;
}

export async function createHome(label: string): Promise<BenchHome> {
  const root = await mkdtemp(join(tmpdir(), `mcpgw-bench-${label}-`));
  return { root, path: (...parts) => join(root, ...parts), dispose: () => rm(root, { recursive: true, force: true }) };
}

/** Writes a catalog file (for `--catalog FILE`) with these servers; returns its path. */
export async function writeCatalogFile(file: string, servers: Record<string, CatalogEntry>): Promise<string> {
  await writeFile(file, stringify({ name: "bench", registry: servers }));
  return file;
}

/** Writes `catalogs/bench.yaml` with these servers and a `registry.yaml` enabling them all. */
export async function writeHomeCatalog(home: BenchHome, servers: Record<string, CatalogEntry>): Promise<void> {
  await mkdir(home.path("catalogs"), { recursive: true });
  await writeCatalogFile(home.path("catalogs", "bench.yaml"), servers);
  await writeFile(home.path("registry.yaml"), stringify({ registry: Object.fromEntries(Object.keys(servers).map((name) => [name, { ref: "" }])) }));
}

/** `s01`, `s02`, … : distinct, sortable server names. */
export function serverNames(count: number, prefix = "s"): string[] {
  const width = Math.max(2, String(count).length);
  return Array.from({ length: count }, (_, i) => `${prefix}${String(i + 1).padStart(width, "0")}`);
}
