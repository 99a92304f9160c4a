import { parseDocument } from "yaml";
import { ErrorCode, GatewayError, formatDiagnostic, isNodeError } from "@mcpgw/core";
import type { Diagnostic } from "@mcpgw/core";

/** The error for a catalog file that could not be read: NOT_FOUND when missing, else IO. */
export function catalogReadError(path: string, error: unknown): GatewayError {
  if (isNodeError(error) && error.code === "ENOENT") {
    return new GatewayError(ErrorCode.NOT_FOUND, `catalog file not found: ${path}`, { cause: error, data: { path } });
  }
  return new GatewayError(ErrorCode.IO, `cannot read catalog file ${path}: ${reason(error)}`, { cause: error, data: { path } });
}

/** The error for a catalog file that cannot be used because it does not parse; `doing` names it. */
export function invalidCatalogError(path: string, text: string, errors: Diagnostic[], doing: string): GatewayError {
  // A file that is not YAML at all is a different fix (an editor's syntax check) from one
  // whose fields are wrong, so the two keep their own codes.
  const code = parseDocument(text).errors.length > 0 ? ErrorCode.YAML_SYNTAX : ErrorCode.CONFIG_INVALID;
  const first = errors[0];
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : "";
  const detail = first ? `: ${formatDiagnostic(first)}${more}` : "";
  return new GatewayError(code, `cannot ${doing}: it is not a valid catalog${detail}`, {
    diagnostics: errors,
    data: { path },
    suggestion: `Fix ${path} (or move it away), then try again.`,
  });
}

/** The error for a catalog file that could not be written; the file is left as it was. */
export function catalogWriteError(path: string, error: unknown): GatewayError {
  if (error instanceof GatewayError) return error;
  return new GatewayError(ErrorCode.IO, `cannot write catalog file ${path}: ${reason(error)}`, { cause: error, data: { path } });
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
