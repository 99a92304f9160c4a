/** One finding about a user file: where it is and what is wrong. */
export interface Diagnostic {
  severity: "error" | "warning";
  /** The file as the user named it. */
  file: string;
  /** 1-based line, when the finding has a place in the file. */
  line?: number;
  /** 1-based column. */
  column?: number;
  /** The field path, e.g. `registry.github.secrets[0].env`. */
  field?: string;
  message: string;
}

/** The outcome of reading a user file: a value, or errors; warnings either way. */
export type Parsed<T> =
  | { ok: true; value: T; warnings: Diagnostic[] }
  | { ok: false; errors: Diagnostic[]; warnings: Diagnostic[] };

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

/** `file:line:column: field: message`, the form editors and terminals link to. */
export function formatDiagnostic(d: Diagnostic): string {
  const place = [d.file, d.line, d.line !== undefined ? d.column : undefined].filter((p) => p !== undefined).join(":");
  const field = d.field ? `${d.field}: ` : "";
  return `${place}: ${d.severity === "warning" ? "warning: " : ""}${field}${d.message}`;
}
