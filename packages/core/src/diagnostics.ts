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

/** `file:line:column: field: message`, the form editors and terminals link to. */
export function formatDiagnostic(d: Diagnostic): string {
  const place = [d.file, d.line, d.line !== undefined ? d.column : undefined].filter((p) => p !== undefined).join(":");
  const field = d.field ? `${d.field}: ` : "";
  return `${place}: ${d.severity === "warning" ? "warning: " : ""}${field}${d.message}`;
}
