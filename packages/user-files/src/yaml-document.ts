import { isMap, isScalar, isSeq, LineCounter, parseDocument } from "yaml";
import type { Document, Node } from "yaml";
import type { z } from "zod";
import type { Diagnostic } from "@mcpgw/core";
import { findUnknownKeys } from "./unknown-keys.js";

/** The outcome of reading a user file: a value, or errors; warnings either way. */
export type Parsed<T> =
  | { ok: true; value: T; warnings: Diagnostic[] }
  | { ok: false; errors: Diagnostic[]; warnings: Diagnostic[] };

/** A parsed YAML file that still knows where each value came from. */
export interface YamlSource {
  file: string;
  document: Document;
  lineCounter: LineCounter;
}

/** A user file's value, with the document it was read from (for positions and merging edits). */
export interface UserFile<T> {
  value: T;
  source: YamlSource;
}

export interface ParseUserYamlOptions<T> {
  /** The value of an empty file (or one holding only comments). */
  empty: T;
  /** Whether to warn about keys the schema does not know (they are kept either way). */
  warnUnknownKeys?: boolean;
}

/**
 * Reads a user-authored YAML file against a zod schema. Syntax errors name the line and column;
 * schema errors the line, column and field path; unknown keys are warnings.
 * @example
 * const parsed = parseUserYaml(text, "registry.yaml", RegistryFileSchema, { empty: { registry: {} } });
 * if (!parsed.ok) for (const e of parsed.errors) console.error(formatDiagnostic(e));
 */
export function parseUserYaml<S extends z.ZodType>(
  text: string,
  file: string,
  schema: S,
  options: ParseUserYamlOptions<z.output<S>>,
): Parsed<UserFile<z.output<S>>> {
  const source = composeYamlSource(text, file);
  const { document } = source;
  const syntax = document.errors.map((e): Diagnostic => {
    const pos = e.linePos?.[0];
    return { severity: "error", file, line: pos?.line, column: pos?.col, message: firstLine(e.message) };
  });
  if (syntax.length > 0) return { ok: false, errors: syntax, warnings: [] };

  const raw: unknown = document.contents === null ? options.empty : document.toJS({ maxAliasCount: 100 });
  const result = schema.safeParse(raw ?? options.empty);
  if (!result.success) {
    const errors = result.error.issues.map((issue): Diagnostic => diagnosticAt(source, issue.path, issue.message, "error"));
    return { ok: false, errors, warnings: [] };
  }
  const warnings = options.warnUnknownKeys === false
    ? []
    : findUnknownKeys(schema, raw).map((path) =>
        diagnosticAt(source, path, `unknown field "${String(path.at(-1))}" (kept as is)`, "warning"),
      );
  return { ok: true, value: { value: result.data, source }, warnings };
}

/** The document of a user file's text, with the line positions diagnostics are placed by. */
export function composeYamlSource(text: string, file: string): YamlSource {
  const lineCounter = new LineCounter();
  return { file, document: parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true }), lineCounter };
}

/** A diagnostic for a field of a parsed file, placed at the field (or its nearest parent). */
export function diagnosticAt(
  source: YamlSource,
  path: readonly PropertyKey[],
  message: string,
  severity: Diagnostic["severity"] = "error",
): Diagnostic {
  const pos = locate(source, path);
  const field = formatFieldPath(path);
  return { severity, file: source.file, ...pos, ...(field ? { field } : {}), message };
}

/** Line and column (1-based) of a field path, or of the deepest part of it that exists. */
export function locate(source: YamlSource, path: readonly PropertyKey[]): { line?: number; column?: number } {
  let node: unknown = source.document.contents;
  let at: Node | undefined = isNode(node) ? node : undefined;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(key));
      if (!pair) break;
      // A field's place is its key: that is the line a person looks for.
      if (isNode(pair.key)) at = pair.key;
      node = pair.value;
    } else if (isSeq(node) && typeof key === "number") {
      const item = node.items[key];
      if (!isNode(item)) break;
      at = item;
      node = item;
    } else {
      break;
    }
  }
  const offset = at?.range?.[0];
  if (offset === undefined) return {};
  const { line, col } = source.lineCounter.linePos(offset);
  return { line, column: col };
}

function isNode(value: unknown): value is Node {
  return typeof value === "object" && value !== null && "range" in value;
}

function firstLine(message: string): string {
  return (message.split("\n")[0] ?? message).replace(/ at line \d+, column \d+:?$/, "");
}

/** `a.b[0].c` from `["a", "b", 0, "c"]`; keys that are not plain identifiers are quoted. */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(String(key))) out += out ? `.${String(key)}` : String(key);
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}
