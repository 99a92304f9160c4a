import type { Document } from "yaml";
import type { z } from "zod";
import type { Diagnostic } from "@mcpgw/core";
import { definedOnly, ErrorCode, formatDiagnostic, GatewayError } from "@mcpgw/core";
import type { Parsed, UserFile } from "./yaml-document.js";
import { parseUserYaml } from "./yaml-document.js";
import { readFileIfExists, updateFile } from "./atomic-file.js";

export interface UserFileOptions<T> {
  /** The value of a missing or empty file. */
  empty: T;
  /** Mode of a newly created file. */
  mode?: number;
}

/** Reads a user file; a missing file reads as `empty`. I/O failures throw, bad content does not. */
export async function readUserFile<S extends z.ZodType>(
  path: string,
  schema: S,
  options: UserFileOptions<z.output<S>>,
): Promise<Parsed<UserFile<z.output<S>>>> {
  const text = (await readFileIfExists(path)) ?? "";
  return parseUserYaml(text, path, schema, options);
}

/** Reads a user file and throws a GatewayError listing every problem when it is not valid. */
export async function loadUserFile<S extends z.ZodType>(
  path: string,
  schema: S,
  options: UserFileOptions<z.output<S>>,
): Promise<UserFile<z.output<S>> & { warnings: Diagnostic[] }> {
  const parsed = await readUserFile(path, schema, options);
  if (!parsed.ok) throw invalidFileError(parsed.errors);
  return { ...parsed.value, warnings: parsed.warnings };
}

/**
 * Edits a user file in place under its lock: `edit` changes the parsed YAML document (so
 * comments, key order and fields it does not touch survive). When the edit changes nothing the
 * file is not rewritten. A file that does not parse is left untouched and the error names it.
 */
export async function editUserFile<S extends z.ZodType, R>(
  path: string,
  schema: S,
  options: UserFileOptions<z.output<S>>,
  edit: (file: UserFile<z.output<S>>) => R,
): Promise<R> {
  let result!: R;
  await updateFile(
    path,
    (current) => {
      const parsed = parseUserYaml(current ?? "", path, schema, options);
      if (!parsed.ok) throw invalidFileError(parsed.errors);
      const document: Document = parsed.value.source.document;
      // An empty file has no root node to edit: give it the empty value's.
      if (document.contents === null) document.contents = document.createNode(options.empty);
      const before = document.toString({ lineWidth: 0 });
      result = edit(parsed.value);
      const after = document.toString({ lineWidth: 0 });
      return after === before ? undefined : after;
    },
    definedOnly({ mode: options.mode }),
  );
  return result;
}

/** The error for a user file that did not parse: every diagnostic, one per line. */
export function invalidFileError(errors: Diagnostic[]): GatewayError {
  const syntax = errors.some((e) => e.field === undefined);
  return new GatewayError(syntax ? ErrorCode.YAML_SYNTAX : ErrorCode.CONFIG_INVALID, errors.map(formatDiagnostic).join("\n"), {
    diagnostics: errors,
  });
}
