// The search behind mcp-find: every catalog's servers and declared tools, and the tools the
// gateway's servers listed when they ran (a server's entry need not declare them). Built once per
// load, and again soon after a server lists new tools; swapped in place, so that the router keeps
// one search.
import type { LayeredCatalog } from "@mcpgw/catalog";
import type { ToolDocument } from "@mcpgw/catalog/search";
import { createToolSearch, serverDocumentsOf, toolDocumentsOf } from "@mcpgw/catalog/search";
import type { ServerLists, ToolSearch } from "@mcpgw/router";

/** A rebuild waits this long after a list changes, so that servers starting together cost one. */
const REBUILD_DELAY_MS = 200;

/** The tools each served server listed, by server: what the list cache holds. */
export type ListedTools = () => Iterable<[server: string, lists: ServerLists | undefined]>;

/** A search that can be given new catalogs and lists; the router holds it as it is. */
export class CatalogToolSearch implements ToolSearch {
  #index: ReturnType<typeof createToolSearch>;
  #catalog: LayeredCatalog;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    catalog: LayeredCatalog,
    private readonly listed: ListedTools,
  ) {
    this.#catalog = catalog;
    this.#index = this.#build();
  }

  /** Indexes the catalogs of a reload. */
  update(catalog: LayeredCatalog): void {
    this.#catalog = catalog;
    this.#index = this.#build();
  }

  /** A server listed new tools: indexed again shortly. */
  listsChanged(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => (this.#index = this.#build()), REBUILD_DELAY_MS);
    this.#timer.unref();
  }

  stop(): void {
    clearTimeout(this.#timer);
  }

  find(query: string, options?: Parameters<ToolSearch["find"]>[1]): ReturnType<ToolSearch["find"]> {
    return this.#index.find(query, options);
  }

  findServers(query: string, options?: Parameters<ToolSearch["findServers"]>[1]): ReturnType<ToolSearch["findServers"]> {
    return this.#index.findServers(query, options);
  }

  #build(): ReturnType<typeof createToolSearch> {
    const declared = toolDocumentsOf(this.#catalog);
    const withDeclared = new Set(declared.map((doc) => doc.server));
    const entries = new Map(this.#catalog.servers.map((server) => [server.name, server.entry]));
    const listed: ToolDocument[] = [];
    for (const [server, lists] of this.listed()) {
      // A catalog's own declaration comes first; what a server listed fills in for the others.
      if (withDeclared.has(server)) continue;
      const entry = entries.get(server);
      for (const tool of lists?.tools ?? []) listed.push(listedDocument(server, tool, entry?.title, entry?.description));
    }
    return createToolSearch([...declared, ...listed], serverDocumentsOf(this.#catalog));
  }
}

/** A tool as a server listed it, as a search document. */
function listedDocument(server: string, tool: Record<string, unknown>, serverTitle: string | undefined, serverDescription: string | undefined): ToolDocument {
  const properties = (tool.inputSchema as { properties?: Record<string, { description?: unknown }> } | undefined)?.properties ?? {};
  const args = Object.entries(properties).map(([name, schema]) => (typeof schema?.description === "string" ? `${name} ${schema.description}` : name));
  return {
    server,
    tool: String(tool.name),
    ...(typeof tool.title === "string" ? { title: tool.title } : {}),
    ...(typeof tool.description === "string" ? { description: tool.description } : {}),
    ...(args.length > 0 ? { arguments: args } : {}),
    ...(serverTitle !== undefined ? { serverTitle } : {}),
    ...(serverDescription !== undefined ? { serverDescription } : {}),
  };
}
