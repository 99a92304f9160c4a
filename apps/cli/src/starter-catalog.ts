import { existsSync } from "node:fs";
import { join } from "node:path";
import type { CatalogFile, ImportReport, ServerEntry } from "@mcpgw/catalog";
import { createCatalogStore, parseCatalog } from "@mcpgw/catalog";
import type { HomeLayout } from "@mcpgw/user-files";
import { invalidFileError } from "@mcpgw/user-files";
import { exampleServers } from "@mcpgw/example-servers";
import { enableServers } from "@mcpgw/registry";
import { stringify } from "yaml";

/** The name of the catalog `mcpgw catalog init` writes. */
export const STARTER_CATALOG = "starter";

/** Servers `catalog init` enables in a home that has no registry yet: they need nothing. */
export const STARTER_ENABLED = ["clock", "notes"];

// Reference servers run with npx, pinned so that a catalog means the same thing tomorrow.
const REFERENCE_VERSION = "2026.8.31";
const npx = (pkg: string, ...args: string[]) => ({ command: "npx", args: ["-y", `@modelcontextprotocol/${pkg}@${REFERENCE_VERSION}`, ...args] });

/**
 * A starter catalog whose servers all run without Docker: the example servers shipped with
 * mcpgw (tools listed, so nothing starts just to list them) and MCP reference servers via npx.
 */
export function starterCatalog(home: HomeLayout): CatalogFile {
  const registry: Record<string, ServerEntry> = {};
  for (const server of exampleServers) {
    registry[server.name] = {
      type: "process",
      title: server.title,
      description: server.description,
      process: { command: "node", args: [server.entry] },
      tools: server.tools.map((t) => ({ name: t.name, description: t.description, inputSchema: { ...t.inputSchema } })),
    };
  }
  // A server that keeps data in a file: under the home by default, `config write` moves it.
  const dataFile = (server: string, variable: string, file: string, description: string): Pick<ServerEntry, "env" | "config"> => ({
    env: [{ name: variable, value: `{{${server}.file|or:${join(home.root, "data", file)}}}` }],
    config: [{ name: server, type: "object", properties: { file: { type: "string", description } } }],
  });
  registry.notes = { ...registry.notes!, ...dataFile("notes", "NOTES_FILE", "notes.json", "the JSON file notes are kept in") };
  registry.everything = {
    type: "process",
    title: "Everything",
    description: "The MCP reference server that exercises every protocol feature: tools, prompts, resources, sampling, elicitation.",
    process: npx("server-everything", "stdio"),
    // It asks the client for sampling and elicitation: each client session needs its own.
    sharing: "session",
  };
  registry.memory = {
    type: "process",
    title: "Memory",
    description: "A knowledge graph the model can write to and query, kept in a file.",
    process: npx("server-memory"),
    ...dataFile("memory", "MEMORY_FILE_PATH", "memory.jsonl", "the knowledge graph's file"),
  };
  registry.filesystem = {
    type: "process",
    title: "Filesystem",
    description: "Read and write files in the folders you allow.",
    process: npx("server-filesystem", "{{filesystem.paths|into}}"),
    config: [
      {
        name: "filesystem",
        type: "object",
        properties: { paths: { type: "array", items: { type: "string" }, description: "the folders the server may use" } },
        required: ["paths"],
      },
    ],
  };
  registry["sequential-thinking"] = {
    type: "process",
    title: "Sequential Thinking",
    description: "Structured, revisable step-by-step reasoning.",
    process: npx("server-sequential-thinking"),
  };
  return { version: 3, name: STARTER_CATALOG, displayName: "mcpgw starter catalog", registry };
}

/**
 * Writes (or merges into) the starter catalog; in a home with no registry yet, also enables the
 * example servers. Returns what changed.
 */
export async function installStarterCatalog(home: HomeLayout): Promise<ImportReport & { enabled: string[] }> {
  const parsed = parseCatalog(stringify(starterCatalog(home)), "<starter catalog>");
  if (!parsed.ok) throw invalidFileError(parsed.errors);
  const firstRun = !existsSync(home.registryFile);
  const report = await createCatalogStore(home.catalogsDir).import(STARTER_CATALOG, parsed.value);
  const enabled = firstRun ? (await enableServers(home.registryFile, STARTER_ENABLED, STARTER_ENABLED)).enabled : [];
  return { ...report, enabled };
}
