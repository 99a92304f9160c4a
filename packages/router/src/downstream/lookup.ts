import type { Access } from "@mcpgw/core";
import { ErrorCode, GatewayError } from "@mcpgw/core";
import type { ExposedItem, ExposedView, ListKind } from "../lists/offerings.js";

// Large pages: many clients never follow cursors, and a page is cheap to build. Pagination
// still bounds a response when a catalog is huge.
const PAGE_SIZE = 5000;

/** Where names and URIs are looked up: the view as known now, and the view once a kind is listed. */
export interface Lookup {
  view(access: Access): ExposedView;
  ensure(kind: ListKind, access: Access): Promise<ExposedView>;
}

/** The item a name stands for in the caller's view. One it may not see is unknown, exactly like one that does not exist. */
export async function findItem(lookup: Lookup, kind: "tools" | "prompts", name: string, access: Access): Promise<Pick<ExposedItem, "server" | "original" | "authorizes">> {
  const found = lookup.view(access)[kind].get(name) ?? (await lookup.ensure(kind, access))[kind].get(name);
  if (!found) throw new GatewayError(ErrorCode.INVALID_ARGUMENT, `unknown ${kind === "tools" ? "tool" : "prompt"}: ${name}`, { data: { name } });
  return found;
}

/** The server that offers a resource (by its URI, or a template that matches it) in the caller's view. */
export async function findResourceOwner(lookup: Lookup, uri: string, access: Access): Promise<string> {
  const match = (view: ExposedView) => view.resources.get(uri)?.server ?? view.templates.find((t) => t.pattern.test(uri))?.server;
  const owner = match(lookup.view(access)) ?? match(await lookup.ensure("resources", access)) ?? match(await lookup.ensure("resourceTemplates", access));
  if (!owner) throw new GatewayError(ErrorCode.RESOURCE_NOT_FOUND, `no server offers the resource ${uri}`, { data: { uri } });
  return owner;
}

/** Our own cursors over the aggregated list: an offset, opaque to clients. */
export function page(items: unknown[], cursor: unknown, key: string): Record<string, unknown> {
  const start = typeof cursor === "string" ? Number.parseInt(Buffer.from(cursor, "base64url").toString(), 10) || 0 : 0;
  const end = start + PAGE_SIZE;
  return { [key]: items.slice(start, end), ...(end < items.length ? { nextCursor: Buffer.from(String(end)).toString("base64url") } : {}) };
}
