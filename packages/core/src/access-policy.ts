import type { Principal } from "./principal.js";
import type { ToolPattern } from "./tool-pattern.js";
import { matchesGlob, matchesToolPattern, parseToolPattern } from "./tool-pattern.js";

/**
 * One rule of the access policy: whom it applies to, and the tools it allows and denies.
 * A rule applies to a principal when every selector it sets matches (subjects AND scopes AND
 * …), and a selector matches when any of its entries does (subject A OR subject B).
 */
export interface AccessRule {
  /** Subjects (an access token's `sub`, a static token's name); `*` globs, e.g. `*@example.com`. */
  readonly subjects?: readonly string[];
  /** Scopes, exactly; the principal needs one of them. */
  readonly scopes?: readonly string[];
  /** OAuth client ids (`client_id`/`azp`); `*` globs. */
  readonly clients?: readonly string[];
  /** Only principals that proved themselves this way. */
  readonly via?: Principal["via"];
  /** Only sessions served one of these profiles (`/mcp/<profile>`); `*` globs. */
  readonly profiles?: readonly string[];
  /** Tool patterns (`*`, `tool`, `server:tool`, `server:*`, with `*` globs) the rule grants. */
  readonly allow?: readonly string[];
  /** Tool patterns the rule takes away again, whichever rule granted them. */
  readonly deny?: readonly string[];
}

/**
 * Who may list and call which servers' tools. Rules are evaluated all together: a principal's
 * access is the union of the allows of every rule that applies to it, minus the union of their
 * denies. A principal no rule applies to gets `default`: everything (`allow`) or nothing (`deny`).
 */
export interface AccessPolicy {
  readonly rules: readonly AccessRule[];
  readonly default: "allow" | "deny";
}

/**
 * What one principal may reach, resolved once from a policy. Tools are allowed one by one;
 * a server's prompts, resources and completions go with the server as a whole:
 *
 * - a server is reachable when an allow pattern names it, by `*` or by a server part that
 *   matches it (`notes:*`, `notes:get_note`, `no*:*`), and no deny pattern shuts all of it
 *   (`*`, `notes:*`);
 * - a bare tool pattern (`echo`, `read_*`) grants that tool on whichever server has it, but
 *   opens no server's prompts or resources: those are reached by naming the server.
 *
 * So `allow: [notes:get_note]` shows the notes server's prompts and resources along with that
 * one tool, and `deny: [notes:delete_*]` hides only tools, while `deny: [notes:*]` hides all of it.
 */
export interface Access {
  /** Nothing is withheld: the owner (no principal), no policy, or a grant of `*` with no denies. */
  readonly everything: boolean;
  /** Equal for principals with the same grant, so they can share what is computed from it. */
  readonly key: string;
  /** May the principal list and call this tool of this server? */
  tool(server: string, tool: string): boolean;
  /** May the principal reach this server's prompts, resources and completions? */
  server(server: string): boolean;
  /** Could any tool of this server be allowed? (Whether listing its tools is worth starting it.) */
  anyTool(server: string): boolean;
}

/** The owner's access: everything. */
export const FULL_ACCESS: Access = {
  everything: true,
  key: "*",
  tool: () => true,
  server: () => true,
  anyTool: () => true,
};

/** Whether a rule applies to a principal, in a session of `profile` (none: the gateway's own servers). */
export function ruleApplies(rule: AccessRule, principal: Principal, profile?: string): boolean {
  if (rule.profiles && !(profile !== undefined && rule.profiles.some((p) => matchesGlob(p, profile)))) return false;
  if (rule.via !== undefined && rule.via !== principal.via) return false;
  if (rule.subjects && !rule.subjects.some((s) => matchesGlob(s, principal.subject))) return false;
  if (rule.scopes && !rule.scopes.some((s) => principal.scopes.includes(s))) return false;
  if (rule.clients && !(principal.clientId !== undefined && rule.clients.some((c) => matchesGlob(c, principal.clientId!)))) return false;
  return true;
}

/**
 * A principal's access under a policy, in a session of `profile` when it has one (rules that
 * name profiles apply only there). No principal (stdio, the gateway token) or no policy:
 * everything.
 * @example
 * const access = resolveAccess(policy, { via: "token", subject: "ci-bot", scopes: [] });
 * access.tool("clock", "now"); // true when a rule for ci-bot allows clock:* and none denies it
 */
export function resolveAccess(policy: AccessPolicy | undefined, principal: Principal | undefined, profile?: string): Access {
  if (!policy || !principal) return FULL_ACCESS;
  const applying = policy.rules.filter((rule) => ruleApplies(rule, principal, profile));
  if (applying.length === 0) return policy.default === "allow" ? FULL_ACCESS : grant([], []);
  return grant(
    applying.flatMap((r) => r.allow ?? []),
    applying.flatMap((r) => r.deny ?? []),
  );
}

/** The access these tool patterns allow, minus those they deny (see {@link AccessPolicy}). */
export function grant(allowed: readonly string[], denied: readonly string[]): Access {
  const allowTexts = [...new Set(allowed)].sort();
  const denyTexts = [...new Set(denied)].sort();
  if (allowTexts.includes("*") && denyTexts.length === 0) return FULL_ACCESS;
  const allows = allowTexts.map(parseToolPattern);
  const denies = denyTexts.map(parseToolPattern);
  const any = (patterns: readonly ToolPattern[], server: string, tool: string) => patterns.some((p) => matchesToolPattern(p, server, tool));
  const shut = (server: string) => denies.some((p) => p.tool === "*" && matchesGlob(p.server, server));
  return {
    everything: false,
    key: `${allowTexts.join(",")}|${denyTexts.join(",")}`,
    tool: (server, tool) => any(allows, server, tool) && !any(denies, server, tool),
    server: (server) => !shut(server) && allows.some((p) => (p.namesServer || p.text === "*") && matchesGlob(p.server, server)),
    anyTool: (server) => !shut(server) && allows.some((p) => matchesGlob(p.server, server)),
  };
}

/** What both accesses allow: a session of a profile, under the policy, sees their overlap. */
export function intersectAccess(a: Access, b: Access): Access {
  if (a.everything) return b;
  if (b.everything) return a;
  return {
    everything: false,
    key: `${a.key}&${b.key}`,
    tool: (server, tool) => a.tool(server, tool) && b.tool(server, tool),
    server: (server) => a.server(server) && b.server(server),
    anyTool: (server) => a.anyTool(server) && b.anyTool(server),
  };
}

/** What either access allows: a session's own additions beside what it was given. */
export function unionAccess(a: Access, b: Access): Access {
  if (a.everything) return a;
  if (b.everything) return b;
  return {
    everything: false,
    key: `(${a.key})|(${b.key})`,
    tool: (server, tool) => a.tool(server, tool) || b.tool(server, tool),
    server: (server) => a.server(server) || b.server(server),
    anyTool: (server) => a.anyTool(server) || b.anyTool(server),
  };
}
