// Catalogs are read at every start, and Docker's own is 300 KB of YAML: composing the document
// and checking it against the schema costs a quarter of a second each time, for a result that
// only changes when the file does. The cache keeps, per catalog file, what a successful read
// gave (the servers and the warnings), keyed by a digest of the text and of the code that read
// it. A hit rebuilds the catalog from JSON; its YAML document is composed only if something
// asks for it (diagnostics about a position, edits that keep comments).
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Diagnostic } from "@mcpgw/core";
import { definedOnly } from "@mcpgw/core";
import type { Parsed, YamlSource } from "@mcpgw/user-files";
import { composeYamlSource, writeFileAtomic } from "@mcpgw/user-files";
import { parseCatalog, PARSE_CATALOG_MODULE } from "./parse-catalog.js";
import type { Catalog } from "./parse-catalog.js";
import { SCHEMA_MODULE } from "./schema.js";
import type { ServerEntry } from "./schema.js";

/** Reads catalog texts, reusing earlier reads of the same text. */
export interface CatalogParseCache {
  /** What {@link parseCatalog} gives for `text`, from the cache when it has read it before. */
  parse(text: string, file: string): Promise<Parsed<Catalog>>;
  /** Settles once the entries written so far are on disk (or failed to be). */
  flush(): Promise<void>;
}

/** One cached read: only successful ones are kept, so errors always come with fresh positions. */
interface CacheEntry {
  digest: string;
  name?: string;
  displayName?: string;
  servers: Record<string, ServerEntry>;
  warnings: Diagnostic[];
}

/**
 * A parse cache in `dir` (one small JSON file per catalog path). Reading or writing the cache
 * never fails a read: a missing, stale or damaged entry means the text is parsed, and a write
 * that fails is reported to `onError` and forgotten.
 * @example
 * const cache = createCatalogParseCache(join(home.root, "cache", "catalogs"));
 * const store = createCatalogStore(home.catalogsDir, { parseCache: cache });
 */
export function createCatalogParseCache(dir: string, onError: (error: Error) => void = () => {}): CatalogParseCache {
  let reader: Promise<string> | undefined;
  const writes = new Set<Promise<void>>();
  // The code that reads catalogs is part of the key: a schema that changed reads a text anew.
  const readerDigest = () =>
    (reader ??= Promise.all([SCHEMA_MODULE, PARSE_CATALOG_MODULE].map((url) => readFile(fileURLToPath(url), "utf8"))).then(
      (sources) => sources.reduce((hash, source) => hash.update(source), createHash("sha256")).digest("hex"),
      () => "unreadable",
    ));
  return {
    async parse(text, file) {
      const entryFile = join(dir, `${createHash("sha256").update(file).digest("hex").slice(0, 32)}.json`);
      const [code, cached] = await Promise.all([readerDigest(), readFile(entryFile, "utf8").catch(() => undefined)]);
      const digest = createHash("sha256").update(code).update("\0").update(text).digest("hex");
      const hit = cached === undefined ? undefined : entryOf(cached, digest);
      if (hit) return { ok: true, value: revive(hit, text, file), warnings: hit.warnings };
      const parsed = parseCatalog(text, file);
      if (parsed.ok) {
        const { name, displayName, servers } = parsed.value;
        const entry: CacheEntry = { digest, ...definedOnly({ name, displayName }), servers, warnings: parsed.warnings };
        const write = writeFileAtomic(entryFile, JSON.stringify(entry)).catch(onError);
        writes.add(write);
        void write.then(() => writes.delete(write));
      }
      return parsed;
    },
    async flush() {
      await Promise.all(writes);
    },
  };
}

function entryOf(json: string, digest: string): CacheEntry | undefined {
  try {
    const entry = JSON.parse(json) as CacheEntry;
    return entry.digest === digest && typeof entry.servers === "object" && Array.isArray(entry.warnings) ? entry : undefined;
  } catch {
    return undefined;
  }
}

/** The catalog a cache entry stands for; its document is composed from `text` on first use. */
function revive(entry: CacheEntry, text: string, file: string): Catalog {
  let source: YamlSource | undefined;
  const catalog = {
    file,
    ...definedOnly({ name: entry.name, displayName: entry.displayName }),
    servers: Object.assign(Object.create(null) as Record<string, ServerEntry>, entry.servers),
  } as Catalog;
  Object.defineProperty(catalog, "source", {
    enumerable: true,
    get: () => {
      source ??= composeYamlSource(text, file);
      return source;
    },
  });
  return catalog;
}
