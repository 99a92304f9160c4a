import { readFile, readdir, stat, unlink } from "node:fs/promises";
import { join } from "node:path";
import { Document } from "yaml";
import { ErrorCode, GatewayError, definedOnly, formatDiagnostic, isNodeError } from "@mcpgw/core";
import type { Diagnostic } from "@mcpgw/core";
import type { Parsed } from "@mcpgw/user-files";
import { formatFieldPath, withFileLock, writeFileAtomic } from "@mcpgw/user-files";
import { catalogReadError, catalogWriteError } from "./catalog-errors.js";
import { assertCatalogName, isCatalogName } from "./catalog-name.js";
import { importIntoCatalog } from "./import-catalog.js";
import type { ImportOptions, ImportReport } from "./import-catalog.js";
import { parseCatalog } from "./parse-catalog.js";
import type { Catalog } from "./parse-catalog.js";
import { readCatalogText } from "./load-catalog.js";
import type { LoadCatalogOptions } from "./load-catalog.js";
import { CatalogFileSchema } from "./schema.js";
import type { CatalogFile } from "./schema.js";
import { CREATE_NODE_OPTIONS, TO_STRING_OPTIONS } from "./yaml-nodes.js";

/** One catalog of a store as `list()` sees it: a summary, or why it cannot be read. */
export type CatalogListing =
  | { ok: true; name: string; file: string; displayName?: string; serverCount: number; warnings: Diagnostic[] }
  | { ok: false; name: string; file: string; errors: Diagnostic[]; warnings: Diagnostic[] };

export interface WriteCatalogOptions {
  /** Replace a catalog of the same name (default: refuse). */
  overwrite?: boolean;
}

/**
 * The catalogs of a folder, one `<name>.yaml` each, as in `~/.docker/mcp/catalogs`. A catalog's
 * name is its file stem; catalogs loaded from a store carry that stem as their `name`.
 */
export interface CatalogStore {
  /** The folder. */
  readonly dir: string;
  /** The file of the catalog `name` (which need not exist). */
  pathOf(name: string): string;
  /** Every catalog in name order, broken ones with their diagnostics; never throws for one file. */
  list(): Promise<CatalogListing[]>;
  /** Whether the catalog exists. */
  has(name: string): Promise<boolean>;
  /** Reads one catalog; NOT_FOUND (naming the existing ones) when there is none of that name. */
  load(name: string): Promise<Parsed<Catalog>>;
  /** Reads every catalog in name order: the order to layer them in. */
  loadAll(): Promise<Parsed<Catalog>[]>;
  /** Merges servers into the catalog `name`, creating it when missing (see `importIntoCatalog`). */
  import(name: string, incoming: Catalog, options?: Omit<ImportOptions, "name">): Promise<ImportReport>;
  /** Deletes the catalog; NOT_FOUND (naming the existing ones) when there is none of that name. */
  remove(name: string): Promise<void>;
  /** Copies the catalog's exact text to `destPath`, atomically. */
  export(name: string, destPath: string): Promise<void>;
  /** Creates a catalog from a plain object; refuses to replace one unless `overwrite` is set. */
  write(name: string, catalog: CatalogFile, options?: WriteCatalogOptions): Promise<Catalog>;
}

/**
 * A catalog store over a folder, usually `resolveHome().catalogsDir`. The folder is created on
 * the first write.
 * @example
 * const store = createCatalogStore(resolveHome().catalogsDir);
 * for (const c of await store.list()) if (c.ok) console.error(c.name, c.serverCount);
 */
export function createCatalogStore(catalogsDir: string, options: LoadCatalogOptions = {}): CatalogStore {
  const pathOf = (name: string): string => {
    assertCatalogName(name);
    return join(catalogsDir, `${name}.yaml`);
  };

  const names = async (): Promise<string[]> => {
    let entries;
    try {
      entries = await readdir(catalogsDir, { withFileTypes: true });
    } catch (error) {
      if (isNodeError(error) && error.code === "ENOENT") return [];
      throw new GatewayError(ErrorCode.IO, `cannot read the catalog folder ${catalogsDir}: ${message(error)}`, { cause: error });
    }
    return entries
      .filter((entry) => (entry.isFile() || entry.isSymbolicLink()) && entry.name.endsWith(".yaml"))
      .map((entry) => entry.name.slice(0, -".yaml".length))
      // Leaves out what is not a catalog: hidden files, our own temporary files.
      .filter(isCatalogName)
      .sort(byCodePoint);
  };

  const notFound = async (name: string): Promise<GatewayError> => {
    const existing = await names().catch(() => []);
    return new GatewayError(
      ErrorCode.NOT_FOUND,
      `no catalog named "${name}" in ${catalogsDir}; ` +
        (existing.length > 0 ? `the catalogs are: ${existing.join(", ")}` : "there are no catalogs yet"),
      { data: { name, catalogs: existing } },
    );
  };

  const readText = async (name: string): Promise<string> => {
    const path = pathOf(name);
    try {
      return await readFile(path, "utf8");
    } catch (error) {
      if (isNodeError(error) && error.code === "ENOENT") throw await notFound(name);
      throw catalogReadError(path, error);
    }
  };

  const load = async (name: string): Promise<Parsed<Catalog>> => {
    const parsed = await readCatalogText(await readText(name), pathOf(name), options);
    // A store's catalog is named by its file, whatever its `name:` says.
    if (parsed.ok) parsed.value.name = name;
    return parsed;
  };

  const exists = async (path: string): Promise<boolean> => {
    try {
      return (await stat(path)).isFile();
    } catch {
      return false;
    }
  };

  return {
    dir: catalogsDir,
    pathOf,

    async list() {
      const listings: CatalogListing[] = [];
      for (const name of await names()) {
        const file = pathOf(name);
        let parsed: Parsed<Catalog>;
        try {
          parsed = await load(name);
        } catch (error) {
          // Gone since the folder was read: it is not in the list any more.
          if (error instanceof GatewayError && error.code === ErrorCode.NOT_FOUND) continue;
          listings.push({ ok: false, name, file, errors: [unreadable(file, error)], warnings: [] });
          continue;
        }
        if (!parsed.ok) {
          listings.push({ ok: false, name, file, errors: parsed.errors, warnings: parsed.warnings });
          continue;
        }
        const { displayName, servers } = parsed.value;
        listings.push({
          ok: true,
          name,
          file,
          ...definedOnly({ displayName }),
          serverCount: Object.keys(servers).length,
          warnings: parsed.warnings,
        });
      }
      return listings;
    },

    async has(name) {
      return isCatalogName(name) && exists(pathOf(name));
    },

    load,

    async loadAll() {
      const loaded: Parsed<Catalog>[] = [];
      for (const name of await names()) {
        try {
          loaded.push(await load(name));
        } catch (error) {
          if (error instanceof GatewayError && error.code === ErrorCode.NOT_FOUND) continue;
          loaded.push({ ok: false, errors: [unreadable(pathOf(name), error)], warnings: [] });
        }
      }
      return loaded;
    },

    async import(name, incoming, options = {}) {
      // A catalog created here is named like its file, whatever the incoming file calls itself.
      return importIntoCatalog(pathOf(name), incoming, { ...options, name });
    },

    async remove(name) {
      const path = pathOf(name);
      // Checked before taking the lock, which would create the folder of a store that has none.
      if (!(await exists(path))) throw await notFound(name);
      try {
        await withFileLock(path, async () => {
          try {
            await unlink(path);
          } catch (error) {
            if (isNodeError(error) && error.code === "ENOENT") throw await notFound(name);
            throw error;
          }
        });
      } catch (error) {
        throw catalogWriteError(path, error);
      }
    },

    async export(name, destPath) {
      const text = await readText(name);
      try {
        await writeFileAtomic(destPath, text);
      } catch (error) {
        throw new GatewayError(ErrorCode.IO, `cannot export catalog "${name}" to ${destPath}: ${message(error)}`, {
          cause: error,
          data: { name, path: destPath },
        });
      }
    },

    async write(name, catalog, options = {}) {
      const path = pathOf(name);
      const checked = CatalogFileSchema.safeParse(catalog);
      if (!checked.success) {
        const diagnostics = checked.error.issues.map(
          (issue): Diagnostic => ({ severity: "error", file: path, field: formatFieldPath(issue.path), message: issue.message }),
        );
        throw new GatewayError(ErrorCode.INVALID_ARGUMENT, `cannot write catalog "${name}": ${formatDiagnostic(diagnostics[0]!)}`, {
          diagnostics,
        });
      }
      const text = new Document(catalog, CREATE_NODE_OPTIONS).toString(TO_STRING_OPTIONS);
      const parsed = parseCatalog(text, path);
      if (!parsed.ok) {
        throw new GatewayError(ErrorCode.INTERNAL, `catalog "${name}" did not read back after writing it out`, {
          diagnostics: parsed.errors,
        });
      }
      try {
        await withFileLock(path, async () => {
          if (!options.overwrite && (await exists(path))) {
            throw new GatewayError(ErrorCode.INVALID_ARGUMENT, `catalog "${name}" already exists (${path})`, {
              data: { name, path },
              suggestion: "Import into it to merge servers, or write with overwrite to replace it.",
            });
          }
          await writeFileAtomic(path, text);
        });
      } catch (error) {
        throw catalogWriteError(path, error);
      }
      return { ...parsed.value, name };
    },
  };
}

function unreadable(file: string, error: unknown): Diagnostic {
  return { severity: "error", file, message: message(error) };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
