import type { ServerSpec } from "@mcpgw/core";

/** What a server offers, as last seen: lists are the upstream's own objects, untouched. */
export interface ServerLists {
  tools?: Record<string, unknown>[];
  prompts?: Record<string, unknown>[];
  resources?: Record<string, unknown>[];
  resourceTemplates?: Record<string, unknown>[];
  capabilities?: Record<string, unknown>;
}

/** Where lists are kept between runs, so that nothing starts just to be listed. */
export interface ListCache {
  get(key: string): ServerLists | undefined;
  set(key: string, lists: ServerLists): void;
}

/** A cache that forgets when the process ends. */
export function createMemoryListCache(): ListCache {
  const entries = new Map<string, ServerLists>();
  return { get: (key) => entries.get(key), set: (key, lists) => void entries.set(key, lists) };
}

/**
 * The cache key of a server: what decides what it offers. An image reference (with its digest
 * when the catalog pins one) and arguments, a command line, or a URL.
 */
export function listCacheKey(spec: ServerSpec): string {
  switch (spec.kind) {
    case "docker":
      return `docker:${spec.image} ${spec.command.join(" ")}`;
    case "process":
      return `process:${spec.command} ${spec.args.join(" ")}`;
    case "remote":
      return `remote:${spec.url}`;
    case "poci":
      return `poci:${spec.name}`;
  }
}
