import type { Edit, FormattingOptions, Node, ParseError } from "jsonc-parser";
import { applyEdits, findNodeAtLocation, format, modify, parseTree, printParseErrorCode } from "jsonc-parser";
import type { FileEditor, ServersEdit } from "./config-edit.js";
import { positionAt, unreadableFile } from "./config-edit.js";

/**
 * Edits the servers map of a JSON (or JSON-with-comments) file in place: only the changed
 * entries' text moves, so comments, key order and the author's indentation stay as they were.
 */
export function jsonEditor(file: string, key: string, comments: boolean): FileEditor {
  const parse = (text: string): Node | undefined => {
    if (text.trim() === "") return undefined;
    const errors: ParseError[] = [];
    const root = parseTree(text, errors, { allowTrailingComma: comments, disallowComments: !comments });
    const first = errors[0];
    if (first) throw unreadableFile({ file, ...positionAt(text, first.offset), message: `invalid JSON: ${printParseErrorCode(first.error)}` });
    if (root && root.type !== "object") throw unreadableFile({ file, ...positionAt(text, root.offset), message: "expected an object at the top" });
    const servers = root && findNodeAtLocation(root, [key]);
    if (servers && servers.type !== "object") {
      throw unreadableFile({ file, ...positionAt(text, servers.offset), field: key, message: "expected an object of servers" });
    }
    return servers;
  };
  return {
    names(text) {
      const servers = parse(text);
      return (servers?.children ?? []).map((property) => String(property.children?.[0]?.value));
    },
    apply(text, edit: ServersEdit) {
      const servers = parse(text);
      const present = new Set((servers?.children ?? []).map((property) => String(property.children?.[0]?.value)));
      const formatting = formattingOf(text);
      const removing = edit.remove.filter((name) => present.has(name));
      // Removing the last entries removes the map too: a file that connect added the map to reads as before.
      if (!edit.set && removing.length > 0 && removing.length === present.size) return editOnly(text, modify(text, [key], undefined, {}), formatting);
      let next = text.trim() === "" ? "{}\n" : text;
      for (const name of removing) next = editOnly(next, modify(next, [key, name], undefined, {}), formatting);
      if (edit.set) next = editOnly(next, modify(next, [key, edit.set.name], edit.set.entry, {}), formatting);
      return next;
    },
  };
}

/** The indentation and line ends the file already uses, so inserted text looks like the rest. */
function formattingOf(text: string): FormattingOptions {
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const indent = /^([ \t]+)\S/m.exec(text)?.[1];
  if (indent?.startsWith("\t")) return { insertSpaces: false, tabSize: 1, eol };
  return { insertSpaces: true, tabSize: indent?.length ?? 2, eol };
}

/**
 * Applies `edits` and formats the text they inserted, and only that. (jsonc-parser's own
 * formatting of an edit takes in the whole line it starts on, so a one-line object before the
 * insertion point would be spread over several lines.)
 */
function editOnly(text: string, edits: readonly Edit[], formatting: FormattingOptions): string {
  let next = text;
  for (const edit of edits) {
    next = applyEdits(next, [edit]);
    if (edit.content.length === 0) continue;
    // One character either side takes in the breaks between the inserted text and its neighbours.
    const offset = Math.max(0, edit.offset - 1);
    next = applyEdits(next, format(next, { offset, length: edit.offset + edit.content.length + 1 - offset }, { ...formatting, keepLines: false }));
  }
  return next;
}
