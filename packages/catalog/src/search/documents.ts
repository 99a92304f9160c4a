import { definedOnly } from "@mcpgw/core";
import type { LayeredCatalog } from "../layer-catalogs.js";
import type { Catalog } from "../parse-catalog.js";
import type { ServerEntry, ToolEntry } from "../schema.js";

/** One tool as the search index reads it: the text that says what it does. */
export interface ToolDocument {
  server: string;
  tool: string;
  title?: string;
  description?: string;
  /** Argument names, and their descriptions where the catalog has them. */
  arguments?: string[];
  serverTitle?: string;
  serverDescription?: string;
}

/**
 * One server as the search index reads it. Servers are searched on their own too: a remote
 * server usually declares no tools, and it can still be what a client is looking for.
 */
export interface ServerDocument {
  server: string;
  title?: string;
  description?: string;
  /** The catalog's `metadata.tags` and `metadata.category` (`search`, `database`, …). */
  tags?: string[];
}

/** Catalogs as read (`loadCatalog`) or laid over each other (`layerCatalogs`). */
export type SearchableCatalog = Catalog | LayeredCatalog;

/**
 * The tools a catalog declares in its entries' `tools:`, as search documents, in catalog order.
 * Tools a server only reveals once it runs are not here.
 * @example
 * const search = createToolSearch(toolDocumentsOf(catalog), serverDocumentsOf(catalog));
 */
export function toolDocumentsOf(catalog: SearchableCatalog): ToolDocument[] {
  return entriesOf(catalog).flatMap(([server, entry]) =>
    (entry.tools ?? []).map((tool) => {
      const args = argumentTexts(tool);
      return {
        server,
        tool: tool.name,
        ...definedOnly({
          title: toolTitle(tool),
          description: tool.description,
          arguments: args.length > 0 ? args : undefined,
          serverTitle: entry.title,
          serverDescription: entry.description,
        }),
      };
    }),
  );
}

/** Every server of a catalog, with or without declared tools, as search documents. */
export function serverDocumentsOf(catalog: SearchableCatalog): ServerDocument[] {
  return entriesOf(catalog).map(([server, entry]) => {
    const tags = tagsOf(entry);
    return { server, ...definedOnly({ title: entry.title, description: entry.description, tags: tags.length > 0 ? tags : undefined }) };
  });
}

function entriesOf(catalog: SearchableCatalog): [string, ServerEntry][] {
  return "byName" in catalog ? catalog.servers.map((server) => [server.name, server.entry]) : Object.entries(catalog.servers);
}

function toolTitle(tool: ToolEntry): string | undefined {
  const title: unknown = tool.title ?? tool.annotations?.title;
  return typeof title === "string" ? title : undefined;
}

/** Docker's `arguments` list, else the properties of the tool's JSON Schema (`inputSchema`, then `parameters`). */
function argumentTexts(tool: ToolEntry): string[] {
  if (tool.arguments) return tool.arguments.flatMap((arg) => (arg.desc ? [arg.name, arg.desc] : [arg.name]));
  const properties: unknown = tool.inputSchema?.properties ?? tool.parameters?.properties;
  if (!isRecord(properties)) return [];
  return Object.entries(properties).flatMap(([name, schema]) => {
    const description = isRecord(schema) ? schema.description : undefined;
    return typeof description === "string" ? [name, description] : [name];
  });
}

function tagsOf(entry: ServerEntry): string[] {
  const { tags, category } = entry.metadata ?? {};
  const all = [...(Array.isArray(tags) ? tags : []), category];
  return [...new Set(all.filter((tag): tag is string => typeof tag === "string"))];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
