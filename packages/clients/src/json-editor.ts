import type { FormattingOptions, Node, ParseError } from "jsonc-parser";
import { applyEdits, findNodeAtLocation, modify, parseTree, printParseErrorCode } from "jsonc-parser";
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
      const formattingOptions = formattingOf(text);
      let next = text.trim() === "" ? "{}\n" : text;
      for (const name of edit.remove) {
        if (present.has(name)) next = applyEdits(next, modify(next, [key, name], undefined, { formattingOptions }));
      }
      if (edit.set) next = applyEdits(next, modify(next, [key, edit.set.name], edit.set.entry, { formattingOptions }));
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
