import { readFile } from "node:fs/promises";
import type { Parsed } from "@mcpgw/user-files";
import { catalogReadError } from "./catalog-errors.js";
import { parseCatalog } from "./parse-catalog.js";
import type { Catalog } from "./parse-catalog.js";
import type { CatalogParseCache } from "./parse-cache.js";

/** Options of {@link loadCatalog}. */
export interface LoadCatalogOptions {
  /** Reuses earlier reads of the same text (see `createCatalogParseCache`). */
  parseCache?: CatalogParseCache;
}

/**
 * Reads a catalog file. A file that is not a valid catalog is a `{ ok: false }` result with
 * diagnostics; a file that cannot be read throws a GatewayError (NOT_FOUND when it is missing,
 * IO otherwise) naming the path.
 */
export async function loadCatalog(path: string, options: LoadCatalogOptions = {}): Promise<Parsed<Catalog>> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw catalogReadError(path, error);
  }
  return readCatalogText(text, path, options);
}

/** The text of a catalog, read through the parse cache when there is one. */
export async function readCatalogText(text: string, file: string, options: LoadCatalogOptions): Promise<Parsed<Catalog>> {
  return options.parseCache ? options.parseCache.parse(text, file) : parseCatalog(text, file);
}
