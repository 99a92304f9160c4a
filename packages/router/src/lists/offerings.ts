import type { Access, ServerSpec } from "@mcpgw/core";
import type { ListCache, ServerLists } from "./list-cache.js";
import { listCacheKey } from "./list-cache.js";
import type { PrefixMode } from "./naming.js";
import { assignNames } from "./naming.js";

const MAX_RESTRICTED_VIEWS = 256;

export type ListKind = "tools" | "prompts" | "resources" | "resourceTemplates";

/** An item the gateway shows a client, and where it really lives. */
export interface ExposedItem {
  server: string;
  /** The upstream's own name (tools, prompts) or URI (resources). */
  original: string;
  /** The upstream's object, with the exposed name. */
  item: Record<string, unknown>;
  /** The gateway's own tool that authorizes a server which needs OAuth (see {@link AUTHORIZE_TOOL}). */
  authorizes?: true;
}

/**
 * The tool offered in place of the tools of a server that cannot list them until it is
 * authorized (OAuth): calling it asks the client to open the authorization URL, or answers
 * with the URL to open. It goes once the server lists its own tools.
 */
export const AUTHORIZE_TOOL = "authorize";

export interface ExposedView {
  tools: Map<string, ExposedItem>;
  prompts: Map<string, ExposedItem>;
  /** By URI. */
  resources: Map<string, ExposedItem>;
  /** Templates in server order, with the pattern their URIs match. */
  templates: { server: string; pattern: RegExp; item: Record<string, unknown> }[];
  /** Items left out because their name was taken (`--tool-prefix never`). */
  dropped: { kind: ListKind; server: string; name: string }[];
}

export interface OfferingsOptions {
  prefix: PrefixMode;
  cache: ListCache;
  /** `--tools` patterns and tools.yaml together: may this tool be shown? */
  allowTool: (spec: ServerSpec, tool: string) => boolean;
}

/**
 * What each server offers: known from the catalog's `tools:` metadata or the cache without
 * starting anything, and replaced by what the server itself lists once it runs. The exposed
 * view (names prefixed where needed, filtered) is computed from it on change.
 */
export class Offerings {
  readonly #options: OfferingsOptions;
  readonly #lists = new Map<string, ServerLists>();
  #specs: ServerSpec[] = [];
  #view: ExposedView | undefined;
  /** Views of principals who may see less than everything, by their access key. */
  readonly #restricted = new Map<string, ExposedView>();
  #union: Record<string, unknown> | undefined;
  /** Servers that could not list their tools for want of an OAuth authorization. */
  readonly #awaitingAuthorization = new Set<string>();

  constructor(options: OfferingsOptions) {
    this.#options = options;
  }

  /** Sets the servers; keeps what is known of unchanged ones, and seeds the rest from catalog and cache. */
  setSpecs(specs: readonly ServerSpec[], changed: ReadonlySet<string>): void {
    const names = new Set(specs.map((s) => s.name));
    for (const name of [...this.#lists.keys()]) if (!names.has(name) || changed.has(name)) this.#lists.delete(name);
    this.#specs = [...specs];
    for (const spec of specs) {
      if (this.#lists.has(spec.name)) continue;
      const cached = this.#options.cache.get(listCacheKey(spec));
      const seeded: ServerLists = { ...cached };
      if (!seeded.tools && spec.tools) seeded.tools = spec.tools.map((t) => ({ ...t }));
      this.#lists.set(spec.name, seeded);
    }
    this.#forget();
    this.#union = undefined;
  }

  /**
   * Marks a server as needing authorization before it can list its tools (it is offered
   * {@link AUTHORIZE_TOOL} meanwhile), or not. Returns whether that changed.
   */
  setAwaitingAuthorization(server: string, awaiting: boolean): boolean {
    if (this.#awaitingAuthorization.has(server) === awaiting) return false;
    if (awaiting) this.#awaitingAuthorization.add(server);
    else this.#awaitingAuthorization.delete(server);
    this.#forget();
    return true;
  }

  /** Whether a server's list of this kind is known without asking it. */
  knows(server: string, kind: ListKind): boolean {
    const lists = this.#lists.get(server);
    if (!lists) return false;
    if (lists[kind]) return true;
    // A server known not to offer a kind has nothing to list for it.
    const capability = kind === "resourceTemplates" ? "resources" : kind;
    return lists.capabilities !== undefined && !(capability in lists.capabilities);
  }

  /** The servers whose list of this kind must be asked for. */
  unknown(kind: ListKind): ServerSpec[] {
    return this.#specs.filter((s) => !this.knows(s.name, kind));
  }

  capabilities(server: string): Record<string, unknown> | undefined {
    return this.#lists.get(server)?.capabilities;
  }

  /**
   * Records what a running server listed. Returns the kinds whose exposed view changed, and
   * writes the cache.
   */
  update(spec: ServerSpec, lists: ServerLists): ListKind[] {
    const before = this.#lists.get(spec.name) ?? {};
    const after: ServerLists = { ...before, ...lists };
    this.#lists.set(spec.name, after);
    // A server that lists is authorized: its own tools replace the authorize tool.
    const authorized = this.#awaitingAuthorization.delete(spec.name);
    this.#options.cache.set(listCacheKey(spec), after);
    if (lists.capabilities !== undefined) this.#union = undefined;
    const changed = (["tools", "prompts", "resources", "resourceTemplates"] as const).filter(
      (kind) => lists[kind] !== undefined && JSON.stringify(before[kind] ?? null) !== JSON.stringify(lists[kind]),
    );
    if (authorized && !changed.includes("tools")) changed.push("tools");
    if (changed.length > 0) this.#forget();
    return changed;
  }

  /** The union of what the servers can do; all of it while any server is still unknown. */
  capabilityUnion(): Record<string, unknown> {
    // Asked for every session's server (every request, in the stateless era): kept until it changes.
    this.#union ??= this.#computeUnion();
    return this.#union;
  }

  #computeUnion(): Record<string, unknown> {
    const all = { tools: { listChanged: true }, prompts: { listChanged: true }, resources: { subscribe: true, listChanged: true }, completions: {}, logging: {} };
    const known = this.#specs.map((s) => this.#lists.get(s.name)?.capabilities);
    if (known.some((c) => c === undefined)) return all;
    const union: Record<string, unknown> = { tools: { listChanged: true } };
    for (const caps of known) for (const key of Object.keys(caps ?? {})) if (key in all) union[key] = all[key as keyof typeof all];
    return union;
  }

  /**
   * What a principal with this access is shown. Names are assigned among the items it may see,
   * so a prefix never hints at a tool it may not. Computed once per access and kept until the
   * lists change.
   */
  view(access?: Access): ExposedView {
    if (!access || access.everything) return (this.#view ??= this.#compute());
    let view = this.#restricted.get(access.key);
    if (!view) {
      // Distinct grants are few (one per rule combination); the bound only guards against surprises.
      if (this.#restricted.size >= MAX_RESTRICTED_VIEWS) this.#restricted.clear();
      view = this.#compute(access);
      this.#restricted.set(access.key, view);
    }
    return view;
  }

  /** Forgets the computed views: the policy changed. */
  forgetViews(): void {
    this.#forget();
  }

  #forget(): void {
    this.#view = undefined;
    this.#restricted.clear();
  }

  #compute(access?: Access): ExposedView {
    const view: ExposedView = { tools: new Map(), prompts: new Map(), resources: new Map(), templates: [], dropped: [] };
    const reachable = (server: string) => access === undefined || access.server(server);
    const shown = (kind: "tools" | "prompts", spec: ServerSpec, name: string) =>
      kind === "tools" ? this.#options.allowTool(spec, name) && (access === undefined || access.tool(spec.name, name)) : reachable(spec.name);
    const named = (kind: "tools" | "prompts", target: Map<string, ExposedItem>) => {
      const items = this.#specs.flatMap((spec) => {
        const own = (this.#lists.get(spec.name)?.[kind] ?? [])
          .filter((item) => shown(kind, spec, String(item.name)))
          .map((item) => ({ server: spec.name, prefix: spec.prefix ?? spec.name, name: String(item.name), item, authorizes: false }));
        // The tool selection cannot name a tool the gateway adds: only who may reach the server counts.
        const awaiting = kind === "tools" && this.#awaitingAuthorization.has(spec.name) && reachable(spec.name);
        return awaiting ? [...own, { server: spec.name, prefix: spec.prefix ?? spec.name, name: AUTHORIZE_TOOL, item: authorizeTool(spec), authorizes: true }] : own;
      });
      const { byName, dropped } = assignNames(items, this.#options.prefix);
      // By the item itself: a server's own tool may share the authorize tool's name.
      for (const [name, source] of byName) {
        target.set(name, { server: source.server, original: source.name, item: { ...source.item, name }, ...(source.authorizes ? { authorizes: true as const } : {}) });
      }
      view.dropped.push(...dropped.map((d) => ({ kind, server: d.server, name: d.name })));
    };
    named("tools", view.tools);
    named("prompts", view.prompts);
    for (const spec of this.#specs) {
      if (!reachable(spec.name)) continue;
      const lists = this.#lists.get(spec.name);
      for (const item of lists?.resources ?? []) {
        const uri = String(item.uri);
        if (!view.resources.has(uri)) view.resources.set(uri, { server: spec.name, original: uri, item });
      }
      for (const item of lists?.resourceTemplates ?? []) {
        view.templates.push({ server: spec.name, pattern: templatePattern(String(item.uriTemplate)), item });
      }
    }
    return view;
  }
}

/** The authorize tool of a server that waits for its OAuth authorization. */
function authorizeTool(spec: ServerSpec): Record<string, unknown> {
  const title = spec.title ?? spec.name;
  return {
    name: AUTHORIZE_TOOL,
    title: `Authorize ${title}`,
    description: `${title} needs you to sign in (OAuth) before mcpgw can use its tools. Call this to authorize it; its tools are listed once that is done.`,
    inputSchema: { type: "object", properties: {} },
    annotations: { readOnlyHint: true, openWorldHint: true },
  };
}

/** A URI template (RFC 6570, level 1 and `{+x}`) as a pattern that matches its URIs. */
export function templatePattern(template: string): RegExp {
  let pattern = "";
  let last = 0;
  for (const match of template.matchAll(/\{([+#/?&.;]?)([^}]*)\}/g)) {
    pattern += escape(template.slice(last, match.index)) + (match[1] === "+" || match[1] === "#" ? ".*" : match[1] === "?" || match[1] === "&" ? "(?:[?&].*)?" : "[^/?#]*");
    last = (match.index ?? 0) + match[0].length;
  }
  return new RegExp(`^${pattern}${escape(template.slice(last))}$`);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
