import { parseUserYaml } from "@mcpgw/user-files";
import type { Parsed, YamlSource } from "@mcpgw/user-files";
import { CatalogFileSchema } from "./schema.js";
import type { ServerEntry } from "./schema.js";
import { definedOnly } from "@mcpgw/core";

/** This module, whose code is part of what a cached read depends on (parse-cache.ts). */
export const PARSE_CATALOG_MODULE = import.meta.url;

/** A catalog file, read: its servers by name, and the document it came from. */
export interface Catalog {
  /** The file as the caller named it; every diagnostic about the catalog uses it. */
  file: string;
  /** The catalog's top-level `name`. */
  name?: string;
  /** The catalog's top-level `displayName`. */
  displayName?: string;
  /**
   * The `registry:` entries by server name. The object has no prototype, so a lookup of a name
   * that is not a server (`toString`, `constructor`) gives `undefined`, never an inherited value.
   */
  servers: Record<string, ServerEntry>;
  /** The YAML document with positions, for diagnostics and for edits that keep comments. */
  source: YamlSource;
}

/**
 * Reads the text of a catalog in Docker MCP Gateway's format. Errors and warnings name the
 * file, line, column and field path (`registry.github.image`); unknown fields are kept and
 * warned about.
 * @example
 * const parsed = parseCatalog(text, "team.yaml");
 * if (parsed.ok) console.error(Object.keys(parsed.value.servers));
 */
export function parseCatalog(text: string, file: string): Parsed<Catalog> {
  const parsed = parseUserYaml(text, file, CatalogFileSchema, { empty: { registry: {} } });
  if (!parsed.ok) return parsed;
  const { value, source } = parsed.value;
  const catalog: Catalog = {
    file,
    ...definedOnly({ name: value.name, displayName: value.displayName }),
    servers: Object.assign(Object.create(null) as Record<string, ServerEntry>, value.registry),
    source,
  };
  return { ok: true, value: catalog, warnings: parsed.warnings };
}
