// The search behind mcp-find: every catalog's servers and declared tools, indexed once per load
// (the catalogs change only on a reload) and swapped in place, so that the router keeps one.
import type { LayeredCatalog } from "@mcpgw/catalog";
import { createToolSearch, serverDocumentsOf, toolDocumentsOf } from "@mcpgw/catalog";
import type { ToolSearch } from "@mcpgw/router";

/** A search that can be given new catalogs; the router holds it as it is. */
export class CatalogToolSearch implements ToolSearch {
  #index: ReturnType<typeof createToolSearch>;

  constructor(catalog: LayeredCatalog) {
    this.#index = CatalogToolSearch.#build(catalog);
  }

  /** Indexes the catalogs of a reload. */
  update(catalog: LayeredCatalog): void {
    this.#index = CatalogToolSearch.#build(catalog);
  }

  find(query: string, options?: Parameters<ToolSearch["find"]>[1]): ReturnType<ToolSearch["find"]> {
    return this.#index.find(query, options);
  }

  findServers(query: string, options?: Parameters<ToolSearch["findServers"]>[1]): ReturnType<ToolSearch["findServers"]> {
    return this.#index.findServers(query, options);
  }

  static #build(catalog: LayeredCatalog): ReturnType<typeof createToolSearch> {
    return createToolSearch(toolDocumentsOf(catalog), serverDocumentsOf(catalog));
  }
}
