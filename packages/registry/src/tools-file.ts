import { editUserFile, loadUserFile } from "@mcpgw/user-files";
import { isSeq } from "yaml";
import type { Document } from "yaml";
import { z } from "zod";

/** `tools.yaml`: server → enabled tool names. A missing server means all tools; `[]` means none. */
export const ToolsFileSchema = z.record(z.string(), z.array(z.string()).nullable());

export type ToolsFile = z.output<typeof ToolsFileSchema>;

const options = { empty: {} as ToolsFile };

/** Tool names by server, as `tools enable|disable` gives them. */
export type ToolsByServer = ReadonlyMap<string, readonly string[]>;

/** What an edit did, each tool as `server:tool`. */
export interface ToolsEdit {
  changed: string[];
  unchanged: string[];
}

/** Reads `tools.yaml`; a missing file enables every tool. */
export async function loadToolsSelection(path: string) {
  return loadUserFile(path, ToolsFileSchema, options);
}

/** The tools enabled for a server, or `undefined` for all of them. */
export function enabledToolsFor(file: ToolsFile, server: string): string[] | undefined {
  return file[server] ?? undefined;
}

/**
 * Enables tools in `tools.yaml`. A server with no list there has all its tools enabled already,
 * and keeps it that way; a listed server gets the tools added to its list. Comments and other
 * servers' entries are kept.
 */
export async function enableTools(path: string, tools: ToolsByServer): Promise<ToolsEdit> {
  return editUserFile(path, ToolsFileSchema, options, ({ value, source }) => {
    const result: ToolsEdit = { changed: [], unchanged: [] };
    for (const [server, names] of tools) {
      const listed = value[server];
      for (const tool of new Set(names)) {
        if (!listed || listed.includes(tool)) {
          result.unchanged.push(`${server}:${tool}`);
        } else {
          source.document.addIn([server], tool);
          listed.push(tool);
          result.changed.push(`${server}:${tool}`);
        }
      }
    }
    return result;
  });
}

/**
 * Disables tools in `tools.yaml`. A server with no list there (all tools) gets the explicit list
 * of `allTools(server)` (its catalog tools) minus the disabled ones; a listed server loses them.
 */
export async function disableTools(path: string, tools: ToolsByServer, allTools: (server: string) => readonly string[]): Promise<ToolsEdit> {
  return editUserFile(path, ToolsFileSchema, options, ({ value, source }) => {
    const result: ToolsEdit = { changed: [], unchanged: [] };
    for (const [server, names] of tools) {
      const disabled = new Set(names);
      const listed = value[server];
      if (!listed) {
        source.document.set(server, source.document.createNode(allTools(server).filter((t) => !disabled.has(t))));
        for (const tool of disabled) result.changed.push(`${server}:${tool}`);
        continue;
      }
      for (const tool of disabled) {
        if (listed.includes(tool)) {
          removeFromList(source.document, server, tool);
          result.changed.push(`${server}:${tool}`);
        } else {
          result.unchanged.push(`${server}:${tool}`);
        }
      }
    }
    return result;
  });
}

/** Removes one item from a server's list node, so that the other items keep their comments. */
function removeFromList(document: Document, server: string, tool: string): void {
  const list = document.get(server, true);
  if (!isSeq(list)) return;
  const index = list.items.findIndex((item) => (item as { value?: unknown }).value === tool);
  if (index !== -1) list.delete(index);
}
