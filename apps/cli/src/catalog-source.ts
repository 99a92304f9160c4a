// Where `catalog import`, `catalog update` and `catalog init` read a catalog from: an alias of
// Docker's (`docker-mcp`), an http(s) URL, or a file. Each import records its source in the
// home's catalog.json (Docker's format) so that `catalog update` can read it again.
import { resolve } from "node:path";
import type { Catalog } from "@mcpgw/catalog";
import { CATALOG_ALIASES, fetchCatalog, isCatalogUrl, loadCatalog } from "@mcpgw/catalog";
import type { Parsed } from "@mcpgw/user-files";

/** What a source argument names: the URL or absolute path it reads, and the alias it came by. */
export interface ResolvedSource {
  location: string;
  alias?: string;
}

/**
 * The URL an alias stands for. `MCPGW_DOCKER_CATALOG_URL` replaces Docker's catalog URL (a
 * mirror, or an offline copy served locally).
 */
export function resolveSource(source: string, env: NodeJS.ProcessEnv = process.env): ResolvedSource {
  const alias = CATALOG_ALIASES[source];
  if (alias !== undefined) return { location: (source === "docker-mcp" && env.MCPGW_DOCKER_CATALOG_URL) || alias, alias: source };
  return { location: isCatalogUrl(source) ? source : resolve(source) };
}

/** Reads the catalog at a resolved source: fetched over HTTP, or read from its file. */
export function readSource(source: ResolvedSource): Promise<Parsed<Catalog>> {
  return isCatalogUrl(source.location) ? fetchCatalog(source.location) : loadCatalog(source.location);
}

/** The one line every catalog-writing command prints about an import. */
export function describeImport(catalog: string, report: { added: readonly string[]; updated: readonly string[]; unchanged: readonly string[] }): string {
  return `Catalog ${catalog}: ${report.added.length} added, ${report.updated.length} updated, ${report.unchanged.length} unchanged.`;
}
