import { didYouMean, ErrorCode, GatewayError, matchesGlob, parseToolPattern, toolPatternProblem } from "@mcpgw/core";
import type { HomeLayout } from "@mcpgw/user-files";
import type { Document } from "yaml";
import { isMap, isSeq } from "yaml";
import type { ToolsEdit } from "../tools-file.js";
import { editProfile, serversMap } from "./profile-edits.js";

/** What `profile tools` changes: `server:tool` patterns, the tool part may hold `*`. */
export interface ProfileToolsChange {
  enable?: readonly string[];
  disable?: readonly string[];
}

/** A server's tool list as the edit sees it: undefined is every tool. */
type ToolList = readonly string[] | undefined;

/**
 * Enables and disables tools of a profile's servers. Disabling comes first, so that
 * `disable s:*` then `enable s:t` leaves only `t`. A server with no `tools:` list has every
 * tool: disabling one writes the list of `allTools(server)` (its catalog tools) that remain,
 * which is why a server whose catalog lists no tools can only be narrowed from `s:*` down.
 * Enabling a tool of a server with every tool changes nothing; `enable s:*` drops the list.
 * Each server must be in the profile, each tool in the server's catalog entry when that lists
 * tools. Nothing is written unless every pattern is good. Comments and other entries are kept.
 */
export async function editProfileTools(
  home: HomeLayout,
  name: string,
  change: ProfileToolsChange,
  allTools: (server: string) => readonly string[],
): Promise<ToolsEdit> {
  const disable = (change.disable ?? []).map(parseServerTool);
  const enable = (change.enable ?? []).map(parseServerTool);
  return editProfile(home, name, ({ value, source }) => {
    const servers = value.servers ?? {};
    checkTools(name, Object.keys(servers), [...disable, ...enable], allTools);
    const lists = new Map<string, ToolList>();
    const listOf = (server: string): ToolList => (lists.has(server) ? lists.get(server) : (servers[server]?.tools ?? undefined));
    const result: ToolsEdit = { changed: [], unchanged: [] };
    const record = (server: string, tool: string, next: ToolList, changed: boolean) => {
      lists.set(server, next);
      (changed ? result.changed : result.unchanged).push(`${server}:${tool}`);
    };
    for (const { server, tool } of disable) {
      const { list, changed } = disableIn(listOf(server), tool, allTools(server), server);
      record(server, tool, list, changed);
    }
    for (const { server, tool } of enable) {
      const { list, changed } = enableIn(listOf(server), tool);
      record(server, tool, list, changed);
    }
    for (const [server, list] of lists) writeToolList(source.document, server, servers[server]?.tools ?? undefined, list);
    return result;
  });
}

/** The tools left after disabling `tool` (a name or pattern) in `list`. */
export function disableIn(list: ToolList, tool: string, catalog: readonly string[], server: string): { list: string[]; changed: boolean } {
  const entries = list ?? ["*"];
  if (tool === "*") return { list: [], changed: entries.length > 0 };
  const out: string[] = [];
  let changed = false;
  for (const entry of entries) {
    if (entry === tool || (!isPattern(entry) && matchesGlob(tool, entry))) {
      changed = true;
      continue;
    }
    if (!isPattern(entry) || overlap(entry, tool, catalog) === false) {
      out.push(entry);
      continue;
    }
    // A pattern that covers some of what is disabled: spell out what it still enables.
    if (catalog.length === 0) {
      throw new GatewayError(
        ErrorCode.UNSUPPORTED,
        `cannot tell which tools of "${server}" ${entry === "*" ? "stay" : `"${entry}" leaves`} once "${tool}" is disabled: its catalog entry lists no tools`,
        { suggestion: `disable ${server}:* and enable the tools to keep, one by one or by pattern.` },
      );
    }
    for (const name of catalog) if (matchesGlob(entry, name) && !matchesGlob(tool, name)) out.push(name);
    changed = true;
  }
  return { list: [...new Set(out)], changed };
}

/** The tools after enabling `tool` (a name or pattern) in `list`. */
export function enableIn(list: ToolList, tool: string): { list: ToolList; changed: boolean } {
  if (list === undefined) return { list, changed: false };
  if (tool === "*") return { list: undefined, changed: true };
  if (list.includes(tool) || (!isPattern(tool) && list.some((entry) => matchesGlob(entry, tool)))) return { list, changed: false };
  return { list: [...list, tool], changed: true };
}

/** Whether two patterns share a tool: decided by the catalog's tools when one of them is a pattern. */
function overlap(entry: string, tool: string, catalog: readonly string[]): boolean | undefined {
  if (!isPattern(tool)) return matchesGlob(entry, tool);
  if (catalog.length === 0) return undefined;
  return catalog.some((name) => matchesGlob(entry, name) && matchesGlob(tool, name));
}

function isPattern(text: string): boolean {
  return text.includes("*");
}

/** `server:tool`, checked: the server part is one server's name. */
function parseServerTool(text: string): { server: string; tool: string } {
  const problem = toolPatternProblem(text);
  const pattern = parseToolPattern(text);
  if (problem || !pattern.namesServer || pattern.server.includes("*")) {
    throw new GatewayError(ErrorCode.INVALID_ARGUMENT, problem ?? `"${text}" does not name one server: write server:tool, e.g. notes:add_note or notes:delete_*`);
  }
  return { server: pattern.server, tool: pattern.tool };
}

/** Every server must be in the profile and every tool in its catalog entry (when that lists tools); all problems at once. */
function checkTools(profile: string, servers: readonly string[], changes: readonly { server: string; tool: string }[], allTools: (server: string) => readonly string[]): void {
  const problems: string[] = [];
  for (const { server, tool } of changes) {
    if (!servers.includes(server)) {
      problems.push(`profile "${profile}" has no server "${server}".${didYouMean(server, servers)}`);
      continue;
    }
    const known = allTools(server);
    if (known.length === 0 || tool === "*") continue;
    if (isPattern(tool)) {
      if (!known.some((name) => matchesGlob(tool, name))) problems.push(`no tool of "${server}" matches "${tool}" in its catalog entry.`);
    } else if (!known.includes(tool)) {
      problems.push(`server "${server}" has no tool "${tool}" in its catalog entry.${didYouMean(tool, known)}`);
    }
  }
  if (problems.length > 0) {
    throw new GatewayError(ErrorCode.NOT_FOUND, [...new Set(problems)].join("\n"), {
      suggestion: `\`mcpgw profile show ${profile}\` lists its servers; \`mcpgw server inspect SERVER\` a server's tools.`,
    });
  }
}

/**
 * Writes a server's new list over its old one: removed items go and new ones are appended, so
 * the items that stay keep their comments; no list (every tool) drops the key.
 */
function writeToolList(document: Document, server: string, before: ToolList, after: ToolList): void {
  if (sameList(before, after)) return;
  const servers = serversMap(document);
  if (after === undefined) {
    document.deleteIn(["servers", server, "tools"]);
    return;
  }
  const node = document.getIn(["servers", server, "tools"], true);
  if (!isSeq(node)) {
    const entry = servers.get(server, true);
    if (isMap(entry)) {
      // `server: {}` grows into a block map; a flow map the user wrote with fields stays one.
      if (entry.items.length === 0) entry.flow = false;
      entry.set("tools", document.createNode(after));
    }
    else servers.set(server, document.createNode({ tools: after }));
    return;
  }
  for (let i = node.items.length - 1; i >= 0; i--) {
    if (!after.includes(String((node.items[i] as { value?: unknown }).value))) node.delete(i);
  }
  for (const tool of after) if (!(before ?? []).includes(tool)) node.add(document.createNode(tool));
}

function sameList(a: ToolList, b: ToolList): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.length === b.length && a.every((t) => b.includes(t));
}
