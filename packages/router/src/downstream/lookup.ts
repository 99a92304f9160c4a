import type { Access } from "@mcpgw/core";
import { ErrorCode, GatewayError, SerializedResult } from "@mcpgw/core";
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

/** A page of a view's tools or prompts. */
export function listPage(view: ExposedView, kind: "tools" | "prompts", cursor: unknown): Record<string, unknown> {
  return page([...view[kind].values()].map((e) => e.item), cursor, kind);
}

// Views are immutable and shared by every session with the same access; so are their pages.
const sharedPages = new WeakMap<ExposedView, Map<string, SerializedResult | null>>();

/**
 * {@link listPage}, serialized once per view and cursor for every session that asks, or `undefined`
 * when the SDK would encode the page for a 2025-11-25 client: a tool whose `outputSchema` is
 * not an object schema is wrapped by the SDK's Server, which then must answer it.
 */
export function sharedPage(view: ExposedView, kind: "tools" | "prompts", cursor: unknown): SerializedResult | undefined {
  let pages = sharedPages.get(view);
  if (!pages) sharedPages.set(view, (pages = new Map()));
  const key = `${kind}\0${typeof cursor === "string" ? cursor : ""}`;
  let shared = pages.get(key);
  if (shared === undefined) {
    const value = listPage(view, kind, cursor);
    shared = (value[kind] as Record<string, unknown>[]).some(needsLegacyEncoding) ? null : new SerializedResult(value);
    pages.set(key, shared);
  }
  return shared ?? undefined;
}

function needsLegacyEncoding(item: Record<string, unknown>): boolean {
  const schema = item.outputSchema;
  return typeof schema === "object" && schema !== null && !Array.isArray(schema) && (schema as { type?: unknown }).type !== "object";
}
