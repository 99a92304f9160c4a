import { isMap, isNode, isSeq, LineCounter, parseDocument, YAMLSeq } from "yaml";
import type { Document } from "yaml";
import type { FileEditor, ServersEdit } from "./config-edit.js";
import { unreadableFile } from "./config-edit.js";

/**
 * Edits the servers of a YAML file through its document, so comments and the rest of the file
 * stay. `map` holds entries by name; `list` (Continue) holds entries that carry a `name`.
 */
export function yamlEditor(file: string, key: string, layout: "map" | "list"): FileEditor {
  const parse = (text: string): Document => {
    const lineCounter = new LineCounter();
    const document = parseDocument(text, { lineCounter, uniqueKeys: true, keepSourceTokens: false });
    const first = document.errors[0];
    if (first) {
      const pos = first.linePos?.[0];
      throw unreadableFile({ file, line: pos?.line, column: pos?.col, message: first.message.split("\n")[0] ?? first.message }, true);
    }
    if (document.contents !== null && !isMap(document.contents)) throw unreadableFile({ file, line: 1, column: 1, message: "expected a mapping at the top" }, true);
    const servers = document.get(key, true);
    const fits = layout === "map" ? isMap(servers) : isSeq(servers);
    if (servers !== undefined && servers !== null && !fits) {
      const range = isNode(servers) ? servers.range : undefined;
      const place = range ? lineCounter.linePos(range[0]) : undefined;
      throw unreadableFile({ file, line: place?.line, column: place?.col, field: key, message: `expected a ${layout === "map" ? "mapping" : "list"} of servers` });
    }
    return document;
  };
  const namesIn = (document: Document): string[] => {
    const servers = document.get(key, true);
    if (isMap(servers)) return servers.items.map((pair) => String((pair.key as { value?: unknown })?.value ?? pair.key));
    if (isSeq(servers)) return servers.items.flatMap((item) => (isMap(item) && item.get("name") !== undefined ? [String(item.get("name"))] : []));
    return [];
  };
  return {
    names: (text) => namesIn(parse(text)),
    apply(text, edit: ServersEdit) {
      const document = parse(text);
      if (document.contents === null) document.contents = document.createNode({});
      const present = new Set(namesIn(document));
      const removing = edit.remove.filter((n) => present.has(n));
      // Removing the last entries removes the map or list too: a file that connect added it to reads as before.
      if (!edit.set && removing.length > 0 && removing.length === present.size && emptied(document.get(key, true), present.size)) {
        document.delete(key);
        return document.toString({ lineWidth: 0, flowCollectionPadding: false });
      }
      for (const name of removing) {
        if (layout === "map") document.deleteIn([key, name]);
        else {
          const list = document.get(key, true) as YAMLSeq;
          list.items = list.items.filter((item) => !(isMap(item) && String(item.get("name")) === name));
        }
      }
      if (edit.set) {
        const node = document.createNode(edit.set.entry);
        if (layout === "map") {
          if (isMap(document.get(key, true))) document.setIn([key, edit.set.name], node);
          else document.set(key, document.createNode({ [edit.set.name]: edit.set.entry }));
        }
        else {
          let list = document.get(key, true);
          if (!isSeq(list)) {
            list = new YAMLSeq();
            document.set(key, list);
          }
          const items = (list as YAMLSeq).items;
          const at = items.findIndex((item) => isMap(item) && String(item.get("name")) === edit.set?.name);
          if (at >= 0) items[at] = node;
          else items.push(node);
        }
      }
      return document.toString({ lineWidth: 0, flowCollectionPadding: false });
    },
  };
}

/** Whether removing `named` entries empties `servers`: it holds nothing else (a list may hold unnamed items). */
function emptied(servers: unknown, named: number): boolean {
  return (isMap(servers) || isSeq(servers)) && servers.items.length === named;
}
