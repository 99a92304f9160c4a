import type { CatalogEntrySource } from "@mcpgw/core";
import type { Catalog } from "./parse-catalog.js";
import type { ServerEntry } from "./schema.js";
import { definedOnly } from "@mcpgw/core";

/** A server as the layered catalogs define it: the entry that won and where it came from. */
export interface LayeredServer {
  name: string;
  entry: ServerEntry;
  /** The catalog file (and its name) that the winning entry came from. */
  source: CatalogEntrySource;
  /** Files of earlier catalogs whose entry of the same name this one hides, in layering order. */
  shadows: string[];
}

/** The servers of many catalogs laid over each other. */
export interface LayeredCatalog {
  /** Every server once, in name order (code-point order, the same on every machine). */
  servers: LayeredServer[];
  /** The same servers by name, iterated in name order. */
  byName: ReadonlyMap<string, LayeredServer>;
}

/**
 * Lays catalogs over each other, first to last: where two define the same server, the later
 * one wins, as with Docker's repeated `--catalog`. Each winner records what it shadows.
 */
export function layerCatalogs(catalogs: readonly Catalog[]): LayeredCatalog {
  const winners = new Map<string, LayeredServer>();
  for (const catalog of catalogs) {
    const source: CatalogEntrySource = { file: catalog.file, ...definedOnly({ catalog: catalog.name }) };
    for (const [name, entry] of Object.entries(catalog.servers)) {
      const previous = winners.get(name);
      const shadows = previous ? [...previous.shadows, previous.source.file] : [];
      winners.set(name, {
        name,
        entry,
        source,
        // The same file given twice (a repeated flag) shadows nothing but itself: leave it out.
        shadows: [...new Set(shadows)].filter((file) => file !== catalog.file),
      });
    }
  }
  const servers = [...winners.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { servers, byName: new Map(servers.map((server) => [server.name, server])) };
}
