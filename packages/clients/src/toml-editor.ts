import { parse, stringify, TomlError } from "smol-toml";
import type { FileEditor, ServersEdit } from "./config-edit.js";
import { unreadableFile } from "./config-edit.js";

/**
 * Edits `[<key>.<name>]` tables of a TOML file as text. No TOML library here keeps comments, so
 * only the lines of the tables being replaced or removed change: a server's table and its
 * sub-tables (`[mcp_servers.mcpgw.env]`, `[mcp_servers.mcpgw.http_headers]`), written with
 * smol-toml, and the whole result must parse before it is written.
 */
export function tomlEditor(file: string, key: string): FileEditor {
  const parsed = (text: string): Record<string, unknown> => {
    try {
      return parse(text);
    } catch (error) {
      if (error instanceof TomlError) {
        throw unreadableFile({ file, line: error.line, column: error.column, message: `invalid TOML: ${error.message.split("\n")[0]}` });
      }
      throw error;
    }
  };
  const serversOf = (text: string): Record<string, unknown> => {
    const servers = parsed(text)[key];
    if (servers === undefined) return {};
    if (typeof servers !== "object" || servers === null || Array.isArray(servers)) {
      throw unreadableFile({ file, field: key, message: "expected a table of servers" });
    }
    return servers as Record<string, unknown>;
  };
  return {
    names: (text) => Object.keys(serversOf(text)),
    apply(text, edit: ServersEdit) {
      serversOf(text);
      const eol = text.includes("\r\n") ? "\r\n" : "\n";
      let lines = text === "" ? [] : text.split(/\r?\n/);
      const names = [...edit.remove, ...(edit.set ? [edit.set.name] : [])];
      let replaced: { at: number; blankBefore: boolean } | undefined;
      for (const name of names) {
        const block = tableLines(lines, key, name);
        if (!block) continue;
        lines = [...lines.slice(0, block.start), ...lines.slice(block.end)];
        if (name === edit.set?.name) replaced = { at: block.start, blankBefore: block.blankBefore };
      }
      if (edit.set) {
        const section = stringify({ [key]: { [edit.set.name]: edit.set.entry } }).split(/\r?\n/);
        while (section.at(-1) === "") section.pop();
        // A replaced table goes where it was; a new one at the end, after a blank line.
        if (replaced) lines.splice(replaced.at, 0, ...(replaced.blankBefore ? [""] : []), ...section);
        else {
          while (lines.at(-1) === "") lines.pop();
          lines.push(...(lines.length > 0 ? [""] : []), ...section);
        }
      } else {
        while (lines.length > 1 && lines.at(-1) === "" && lines.at(-2) === "") lines.pop();
      }
      let next = lines.join(eol);
      if (next !== "" && !next.endsWith(eol)) next += eol;
      const servers = serversOf(next);
      if (edit.set && JSON.stringify(servers[edit.set.name]) !== JSON.stringify(parse(stringify(edit.set.entry)))) {
        // The server is also defined another way (inline or dotted keys) that text edits cannot reach.
        throw unreadableFile({ file, field: `${key}.${edit.set.name}`, message: "defined in a form mcpgw cannot edit; change it by hand" });
      }
      for (const name of edit.remove) {
        if (name in servers) throw unreadableFile({ file, field: `${key}.${name}`, message: "defined in a form mcpgw cannot edit; remove it by hand" });
      }
      return next;
    },
  };
}

/**
 * The lines `[start, end)` of a server's table and its sub-tables, with the blank line before
 * them (so removing what `apply` appended gives back the file as it was). Comment lines that
 * follow the tables belong to what comes next and are not part of them.
 */
function tableLines(lines: readonly string[], key: string, name: string): { start: number; end: number; blankBefore: boolean } | undefined {
  const isOurs = (path: string[] | undefined) => path !== undefined && path[0] === key && path[1] === name;
  const start = lines.findIndex((line) => isOurs(headerPath(line)));
  if (start < 0) return undefined;
  let end = start + 1;
  let lastContent = start;
  for (; end < lines.length; end++) {
    const path = headerPath(lines[end]!);
    if (path && !isOurs(path)) break;
    const trimmed = lines[end]!.trim();
    if (trimmed !== "" && !trimmed.startsWith("#")) lastContent = end;
  }
  end = lastContent + 1;
  const blankBefore = start > 0 && lines[start - 1]!.trim() === "";
  return { start: blankBefore ? start - 1 : start, end, blankBefore };
}

/** The dotted path of a `[table]` or `[[array]]` header line, quotes removed. */
function headerPath(line: string): string[] | undefined {
  const match = /^\s*\[\[?\s*(.+?)\s*\]\]?\s*(#.*)?$/.exec(line);
  if (!match) return undefined;
  const parts: string[] = [];
  for (const part of match[1]!.matchAll(/\s*("(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+)\s*(?:\.|$)/g)) {
    const raw = part[1]!;
    parts.push(raw.startsWith('"') ? (JSON.parse(raw) as string) : raw.startsWith("'") ? raw.slice(1, -1) : raw);
  }
  return parts;
}
