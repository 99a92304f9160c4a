import { isMap, isNode, isScalar, visit } from "yaml";
import type { CreateNodeOptions, Document, Node, Pair, YAMLMap } from "yaml";

/**
 * Options for building YAML from plain values: objects that appear twice stay written out
 * twice, because `&anchor`/`*alias` pairs in a user's catalog are a surprise nobody asked for.
 */
export const CREATE_NODE_OPTIONS: CreateNodeOptions = { aliasDuplicateObjects: false };

/** Options for turning a document back into text without re-wrapping long strings. */
export const TO_STRING_OPTIONS = { lineWidth: 0, minContentWidth: 0 } as const;

/** The string a map key stands for, as `toJS` would give it (`123:` is the key "123"). */
export function keyString(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}

/** The pair of `map` whose key is `key`, found the way `toJS` names keys. */
export function findPair(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((pair) => keyString(pair.key) === key);
}

/**
 * A copy of a node from another document, fit to go into a new one: `undefined` when it
 * holds an alias (its anchor may be outside the node), and with anchors removed (they could
 * clash with the target's).
 */
export function cloneDetached<T extends Node>(node: T): T | undefined {
  let hasAlias = false;
  visit(node, {
    Alias: () => {
      hasAlias = true;
      return visit.BREAK;
    },
  });
  if (hasAlias) return undefined;
  const copy = node.clone() as T;
  visit(copy, (_key, child) => {
    if (isNode(child) && "anchor" in child) delete child.anchor;
  });
  if ("anchor" in copy) delete copy.anchor;
  return copy;
}

/** The document's top-level map, made when the document holds nothing (or only comments). */
export function topLevelMap(doc: Document): YAMLMap {
  if (isMap(doc.contents)) return doc.contents;
  // A comment-only file keeps its comments as the document's trailing comment; once the
  // document has contents they would print after them, so they move to the top.
  if (doc.comment) {
    doc.commentBefore = doc.commentBefore ? `${doc.commentBefore}\n${doc.comment}` : doc.comment;
    doc.comment = null;
  }
  const map = doc.createNode({}, CREATE_NODE_OPTIONS) as YAMLMap;
  doc.contents = map;
  return map;
}
