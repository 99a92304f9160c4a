import { createHash } from "node:crypto";

/** How tool (and prompt) names are prefixed with their server's name. */
export type PrefixMode = "auto" | "always" | "never";

export const MAX_NAME_LENGTH = 64;
const SEPARATOR = "__";

/** Names within `[A-Za-z0-9_.-]` and 64 characters; longer ones end in a short hash of the whole. */
export function safeName(name: string): string {
  const clean = name.replace(/[^A-Za-z0-9_.-]/g, "_") || "_";
  if (clean.length <= MAX_NAME_LENGTH) return clean;
  const hash = createHash("sha256").update(name).digest("hex").slice(0, 8);
  return `${clean.slice(0, MAX_NAME_LENGTH - 9)}_${hash}`;
}

export interface NamedItem {
  server: string;
  /** The part standing for the server in prefixed names: the catalog's `prefix`, else its name. */
  prefix: string;
  name: string;
}

export interface NameAssignment<T extends NamedItem = NamedItem> {
  /** Exposed name → the item it stands for (the object given). */
  byName: Map<string, T>;
  /** Items that could not get a name (only with `never`), for a warning. */
  dropped: T[];
}

/**
 * Gives every item a unique exposed name. `auto` prefixes only names that collide; `always`
 * every name; `never` none, and a later item whose name is taken is dropped. A collision never
 * fails: it is resolved, or reported.
 */
export function assignNames<T extends NamedItem>(items: readonly T[], mode: PrefixMode): NameAssignment<T> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item.name, (counts.get(item.name) ?? 0) + 1);
  const byName = new Map<string, T>();
  const dropped: T[] = [];
  for (const item of items) {
    const prefixed = mode === "always" || (mode === "auto" && (counts.get(item.name) ?? 0) > 1);
    let name = safeName(prefixed ? `${item.prefix}${SEPARATOR}${item.name}` : item.name);
    if (byName.has(name)) {
      if (mode === "never") {
        dropped.push(item);
        continue;
      }
      // Two servers with the same prefix, or a plain name equal to another's prefixed one.
      name = safeName(`${name}${SEPARATOR}${item.server}`);
      for (let n = 2; byName.has(name); n++) name = safeName(`${item.prefix}${SEPARATOR}${item.name}_${n}`);
    }
    byName.set(name, item);
  }
  return { byName, dropped };
}
