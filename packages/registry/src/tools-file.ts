import { loadUserFile } from "@mcpgw/user-files";
import { z } from "zod";

/** `tools.yaml`: server → enabled tool names. A missing server means all tools; `[]` means none. */
export const ToolsFileSchema = z.record(z.string(), z.array(z.string()).nullable());

export type ToolsFile = z.output<typeof ToolsFileSchema>;

/** Reads `tools.yaml`; a missing file enables every tool. */
export async function loadToolsSelection(path: string) {
  return loadUserFile(path, ToolsFileSchema, { empty: {} });
}

/** The tools enabled for a server, or `undefined` for all of them. */
export function enabledToolsFor(file: ToolsFile, server: string): string[] | undefined {
  return file[server] ?? undefined;
}
