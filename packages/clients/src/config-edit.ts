import type { Diagnostic } from "@mcpgw/core";
import { ErrorCode, formatDiagnostic, GatewayError } from "@mcpgw/core";

/** The name of mcpgw's entry in every client's file. */
export const GATEWAY_ENTRY = "mcpgw";
/** The name Docker MCP Toolkit gives its gateway's entry. */
export const DOCKER_ENTRY = "MCP_DOCKER";

/** What one edit does to the servers of a file: names to remove, and an entry to set. */
export interface ServersEdit {
  remove: readonly string[];
  set?: { name: string; entry: Record<string, unknown> };
}

/** 1-based line and column of an offset in `text`. */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return { line, column: offset - before.lastIndexOf("\n") };
}

/** The error for a client file that does not parse or does not hold what it should. */
export function unreadableFile(diagnostic: Omit<Diagnostic, "severity">, yaml = false): GatewayError {
  const d: Diagnostic = { severity: "error", ...diagnostic };
  return new GatewayError(yaml && d.field === undefined ? ErrorCode.YAML_SYNTAX : ErrorCode.CONFIG_INVALID, formatDiagnostic(d), {
    diagnostics: [d],
    suggestion: "Fix the file (it was left as it is) and try again.",
  });
}

/** The names of the servers a file holds, and the new text after an edit (undefined: unchanged). */
export interface FileEditor {
  /** The server names in `text`; throws `unreadableFile` when it does not parse. */
  names(text: string): string[];
  /** `text` with `edit` applied; throws `unreadableFile` when it does not parse. */
  apply(text: string, edit: ServersEdit): string;
}
