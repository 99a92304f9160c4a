// What a profile lets its sessions reach: its servers, and of each the tools its patterns name.
// A profile is served as an access of its own, met with the caller's under the policy, so that
// every profile shares one gateway, one upstream pool and the views computed per access.
import type { Access } from "./access-policy.js";
import { grant } from "./access-policy.js";

/** A profile's servers and, per server, its tool patterns (`get_*`); none: every tool. */
export interface ProfileScope {
  readonly servers: Readonly<Record<string, { readonly tools?: readonly string[] | undefined }>>;
  /** The profile's own `--dynamic-tools` and `--tool-budget`, over the gateway's. */
  readonly dynamicTools?: { readonly enabled?: boolean | undefined; readonly budget?: number | undefined };
}

/**
 * The access of a profile's sessions: each of its servers whole (`server:*`), or the tools its
 * patterns name (`server:pattern`), with that server's prompts and resources.
 * @example scopeAccess({ servers: { github: { tools: ["get_*"] }, fetch: {} } }).tool("github", "get_issue") // true
 */
export function scopeAccess(scope: ProfileScope): Access {
  const allowed = Object.entries(scope.servers).flatMap(([server, entry]) => (entry.tools === undefined ? [`${server}:*`] : entry.tools.map((pattern) => `${server}:${pattern}`)));
  return grant(allowed, []);
}
