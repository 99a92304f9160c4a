import { Document, Pair, isMap, isScalar } from "yaml";
import type { Node, Scalar, YAMLMap } from "yaml";
import { ErrorCode, GatewayError, definedOnly } from "@mcpgw/core";
import { diagnosticAt, updateFile } from "@mcpgw/user-files";
import { catalogWriteError, invalidCatalogError } from "./catalog-errors.js";
import { deepEqual } from "./deep-equal.js";
import { parseCatalog } from "./parse-catalog.js";
import type { Catalog } from "./parse-catalog.js";
import { SERVER_NAME, ServerEntrySchema } from "./schema.js";
import type { ServerEntry } from "./schema.js";
import { detectYamlStyle } from "./yaml-style.js";
import { CREATE_NODE_OPTIONS, TO_STRING_OPTIONS, cloneDetached, findPair, topLevelMap } from "./yaml-nodes.js";

export interface ImportOptions {
  /** Import only these servers of the incoming catalog (default: all of them). */
  servers?: readonly string[];
  /** The top-level `name` of a target that has to be created (default: the incoming one's). */
  name?: string;
  /** The top-level `displayName` of a target that has to be created (default: the incoming one's). */
  displayName?: string;
}

/** What an import did, by server name, in the order the servers were imported. */
export interface ImportReport {
  /** Servers the target did not have. */
  added: string[];
  /** Servers the target had with a different entry, now replaced. */
  updated: string[];
  /** Servers the target already had exactly so. */
  unchanged: string[];
}

/**
 * Merges a catalog's servers into a catalog file, under the file's lock. Entries the target
 * already has are replaced; every other part of the target (its entries, comments, key order,
 * top-level fields) is kept. A missing target is created. A target that does not parse is
 * left untouched and the error names it.
 * @example
 * const parsed = await loadCatalog("downloaded.yaml");
 * if (parsed.ok) await importIntoCatalog(join(home.catalogsDir, "team.yaml"), parsed.value);
 */
export async function importIntoCatalog(targetPath: string, incoming: Catalog, options: ImportOptions = {}): Promise<ImportReport> {
  const names = selectServers(incoming, options.servers);
  let report: ImportReport = { added: [], updated: [], unchanged: [] };
  try {
    await updateFile(targetPath, (current) => {
      const merged = mergeIntoCatalogText(current, targetPath, incoming, names, options);
      report = merged.report;
      return merged.text;
    });
  } catch (error) {
    throw catalogWriteError(targetPath, error);
  }
  return report;
}

/**
 * The new text of a target catalog with `names` from `incoming` merged in (`undefined` when
 * nothing changes). It touches no file, so nothing is written unless all of it succeeded.
 */
export function mergeIntoCatalogText(
  current: string | undefined,
  file: string,
  incoming: Catalog,
  names: readonly string[],
  options: Pick<ImportOptions, "name" | "displayName"> = {},
): { text: string | undefined; report: ImportReport } {
  const report: ImportReport = { added: [], updated: [], unchanged: [] };
  let doc: Document;
  let existing: Record<string, ServerEntry>;
  if (current === undefined) {
    doc = newCatalogDocument(options.name ?? incoming.name, options.displayName ?? incoming.displayName);
    existing = {};
  } else {
    const parsed = parseCatalog(current, file);
    if (!parsed.ok) throw invalidCatalogError(file, current, parsed.errors, `import into ${file}`);
    doc = parsed.value.source.document;
    existing = parsed.value.servers;
  }

  const registry = registryMap(doc);
  for (const name of names) {
    const entry = incoming.servers[name]!;
    const pair = findPair(registry, name);
    if (pair && Object.hasOwn(existing, name)) {
      if (deepEqual(existing[name], entry)) {
        report.unchanged.push(name);
        continue;
      }
      // Replacing only the value keeps the key where it was, with the comments above it.
      pair.value = entryNodes(doc, incoming, name, entry).value;
      report.updated.push(name);
    } else {
      const nodes = entryNodes(doc, incoming, name, entry);
      // A blank line carried over from the incoming file has no place right under `registry:`.
      if (registry.items.length === 0 && isScalar(nodes.key)) nodes.key.spaceBefore = false;
      registry.items.push(new Pair(nodes.key, nodes.value));
      report.added.push(name);
    }
  }
  if (current !== undefined && report.added.length === 0 && report.updated.length === 0) {
    return { text: undefined, report };
  }

  const style = detectYamlStyle(current);
  let text = doc.toString({ ...TO_STRING_OPTIONS, ...style });
  // The `yaml` package writes "\n"; a file edited on Windows keeps its "\r\n".
  if (current?.includes("\r\n")) text = text.replace(/\r?\n/g, "\r\n");
  assertMerged(text, file, { ...existing, ...Object.fromEntries(names.map((name) => [name, incoming.servers[name]])) });
  return { text, report };
}

/** The names to import, checked: each must be an entry of `incoming` that fits the schema. */
function selectServers(incoming: Catalog, wanted: readonly string[] | undefined): string[] {
  const names = [...new Set(wanted ?? Object.keys(incoming.servers))];
  const missing = names.filter((name) => !Object.hasOwn(incoming.servers, name));
  if (missing.length > 0) {
    const available = Object.keys(incoming.servers);
    throw new GatewayError(
      ErrorCode.NOT_FOUND,
      `${incoming.file} has no server named ${missing.map((name) => JSON.stringify(name)).join(", ")}; ` +
        (available.length > 0 ? `its servers: ${available.join(", ")}` : "it has no servers"),
      { data: { file: incoming.file, missing } },
    );
  }
  // A Catalog built by hand (not parsed) could hold anything: check before writing it down.
  const diagnostics = names.flatMap((name) => {
    if (!SERVER_NAME.test(name)) {
      return [diagnosticAt(incoming.source, ["registry", name], `server name ${JSON.stringify(name)} is not allowed`)];
    }
    const result = ServerEntrySchema.safeParse(incoming.servers[name]);
    return result.success
      ? []
      : result.error.issues.map((issue) => diagnosticAt(incoming.source, ["registry", name, ...issue.path], issue.message));
  });
  if (diagnostics.length > 0) {
    throw new GatewayError(ErrorCode.INVALID_ARGUMENT, `cannot import from ${incoming.file}: it holds invalid entries`, {
      diagnostics,
    });
  }
  return names;
}

function newCatalogDocument(name: string | undefined, displayName: string | undefined): Document {
  const doc = new Document();
  doc.contents = doc.createNode(
    { ...definedOnly({ name, displayName }), registry: {} },
    CREATE_NODE_OPTIONS,
  );
  return doc;
}

/** The target's `registry:` map, made when it is missing or empty (`registry:` with nothing). */
function registryMap(doc: Document): YAMLMap {
  const top = topLevelMap(doc);
  const pair = findPair(top, "registry");
  if (pair && isMap(pair.value)) {
    // `registry: {}` is a flow map; servers added to it belong in block style, like Docker's.
    if (pair.value.flow && pair.value.items.length === 0) pair.value.flow = false;
    return pair.value;
  }
  const map = doc.createNode({}, CREATE_NODE_OPTIONS) as YAMLMap;
  if (pair) pair.value = map;
  else top.items.push(new Pair(doc.createNode("registry"), map));
  return map;
}

/**
 * The key and value nodes of an imported entry. The incoming document's own nodes are copied
 * when they still say what the entry says, so its comments and key order come along; else
 * the entry is written out from its value.
 */
function entryNodes(doc: Document, incoming: Catalog, name: string, entry: ServerEntry): { key: Node; value: Node } {
  const top = incoming.source.document.contents;
  const registry = isMap(top) ? findPair(top, "registry")?.value : undefined;
  const source = isMap(registry) ? findPair(registry, name) : undefined;
  if (isMap(registry) && source && isMap(source.value) && deepEqual(source.value.toJS(incoming.source.document), entry)) {
    const value = cloneDetached(source.value);
    const key = (isScalar(source.key) ? cloneDetached(source.key) : undefined) ?? (doc.createNode(name) as Scalar);
    // The comment above a map's first key belongs to the map in the `yaml` model; written at
    // the entries' indentation, it is about the first entry, so it goes along with it.
    if (registry.items[0] === source && registry.commentBefore && !key.commentBefore) {
      key.commentBefore = registry.commentBefore;
    }
    if (value) return { key, value };
  }
  return { key: doc.createNode(name), value: doc.createNode(entry, CREATE_NODE_OPTIONS) };
}

/** A last check before writing: the new text reads back to exactly the servers meant. */
function assertMerged(text: string, file: string, expected: Record<string, unknown>): void {
  const reread = parseCatalog(text, file);
  if (!reread.ok || !deepEqual({ ...reread.value.servers }, expected)) {
    throw new GatewayError(ErrorCode.INTERNAL, `merging into ${file} did not give the expected catalog; the file was left as it was`, {
      diagnostics: reread.ok ? [] : reread.errors,
    });
  }
}
