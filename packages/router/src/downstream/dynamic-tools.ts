// The gateway's own tools, for clients that cannot take every tool at once: OpenAI's API takes
// at most 128 tools a request, and models choose worse long before that. Under a tool budget a
// session is first shown only the servers that fit, and four tools of the gateway's reach the
// rest: `mcp-find` searches every catalog, `mcp-add` and `mcp-remove` change what this session
// is shown, `mcp-exec` calls a tool without it being shown. The access policy applies to each as
// to a direct call.
import { ErrorCode, GatewayError } from "@mcpgw/core";
import type { ServerSpec } from "@mcpgw/core";
import type { ExposedItem, ExposedView } from "../lists/offerings.js";
import { safeName } from "../lists/naming.js";

/** The names of the gateway's tools, within `[A-Za-z0-9_-]` and 64 characters. */
export const GATEWAY_TOOLS = { find: "mcp-find", add: "mcp-add", remove: "mcp-remove", exec: "mcp-exec" } as const;
export type GatewayTool = (typeof GATEWAY_TOOLS)[keyof typeof GATEWAY_TOOLS];
const GATEWAY_TOOL_NAMES: ReadonlySet<string> = new Set(Object.values(GATEWAY_TOOLS));

/** A ranked search over the servers and tools of every catalog (`createToolSearch` of @mcpgw/catalog). */
export interface ToolSearch {
  find(query: string, options?: { limit?: number; filter?: (server: string, tool: string) => boolean }): readonly { server: string; tool: string; score: number }[];
  findServers(query: string, options?: { limit?: number; filter?: (server: string) => boolean }): readonly { server: string; score: number; tools: readonly string[] }[];
}

/** `--dynamic-tools` and `--tool-budget`. */
export interface DynamicToolsOptions {
  /** Offer the gateway's tools to every session, whatever the budget. */
  enabled: boolean;
  /** At most this many tools are first shown to a session, the gateway's own included. */
  budget?: number;
  /** What `mcp-find` searches; without it, the tools the gateway serves, by name and description. */
  search?: ToolSearch;
  /**
   * A catalog server the gateway does not serve, made servable for the sessions that `mcp-add`
   * it (its secrets and config resolved as for any server); throws, saying what to set, when it
   * cannot be. Without it, `mcp-add` takes only servers the gateway serves.
   */
  resolve?(server: string): Promise<ServerSpec>;
}

const SEARCH_LIMIT = { default: 10, max: 50 };

/** The gateway's tools as a client lists them. */
export const GATEWAY_TOOL_ITEMS: readonly Record<string, unknown>[] = [
  {
    name: GATEWAY_TOOLS.find,
    title: "Find tools",
    description:
      "Search the servers and tools of every catalog this gateway knows, served or not, by name, title, description and argument names. " +
      "Tools of a server this session is not shown can be called with mcp-exec, or shown with mcp-add.",
    inputSchema: {
      type: "object",
      properties: { query: { type: "string", description: "what the tool should do, in plain words" }, limit: { type: "integer", minimum: 1, maximum: SEARCH_LIMIT.max, description: `at most this many tools (default ${SEARCH_LIMIT.default})` } },
      required: ["query"],
    },
    annotations: { readOnlyHint: true, openWorldHint: false },
  },
  {
    name: GATEWAY_TOOLS.add,
    title: "Add a server's tools",
    description: "Show this session every tool of a server the gateway serves (found with mcp-find). Other sessions are not changed.",
    inputSchema: { type: "object", properties: { server: { type: "string", description: "the server's name, as mcp-find gives it" } }, required: ["server"] },
  },
  {
    name: GATEWAY_TOOLS.remove,
    title: "Remove a server's tools",
    description: "Stop showing this session a server's tools. Other sessions are not changed.",
    inputSchema: { type: "object", properties: { server: { type: "string", description: "the server's name" } }, required: ["server"] },
  },
  {
    name: GATEWAY_TOOLS.exec,
    title: "Call a tool",
    description: "Call any tool the gateway serves to this caller, shown in this session or not, by the name mcp-find gives it.",
    inputSchema: { type: "object", properties: { tool: { type: "string", description: "the tool's name" }, arguments: { type: "object", description: "the tool's arguments" } }, required: ["tool"] },
  },
];

/** Whether `name` is one of the gateway's tools. */
export function isGatewayTool(name: string): name is GatewayTool {
  return GATEWAY_TOOL_NAMES.has(name);
}

/** What one session is shown of a view under the budget: its servers' tools, by exposed name. */
export interface SessionTools {
  /** The servers' tools shown, by the name the session sees (a server's tool named like a gateway tool gets its server's prefix). */
  tools: Map<string, ExposedItem>;
  /** Whether the gateway's tools are shown too. */
  gatewayTools: boolean;
}

/** What a session changed of its selection with mcp-add and mcp-remove. */
export class ToolSelection {
  readonly added = new Set<string>();
  readonly removed = new Set<string>();

  /** Shows `server`; the latest added comes first when the budget is short. */
  add(server: string): void {
    this.removed.delete(server);
    this.added.delete(server);
    this.added.add(server);
  }

  remove(server: string): void {
    this.added.delete(server);
    this.removed.add(server);
  }
}

/**
 * The tools a session is shown of `view`: everything when no budget binds and the gateway's
 * tools are off. Else the gateway's four tools and, within the budget, the servers the session
 * added (the latest first), then the others in the view's order while they fit, less those it
 * removed. The list never exceeds the budget: a server added later takes the room of those
 * shown before it.
 */
export function sessionTools(view: ExposedView, options: DynamicToolsOptions, selection: ToolSelection): SessionTools {
  const bound = options.budget !== undefined && view.tools.size > options.budget;
  if (!options.enabled && !bound && selection.added.size === 0 && selection.removed.size === 0) return { tools: view.tools, gatewayTools: false };
  const byServer = new Map<string, [string, ExposedItem][]>();
  for (const entry of view.tools) {
    const list = byServer.get(entry[1].server);
    if (list) list.push(entry);
    else byServer.set(entry[1].server, [entry]);
  }
  let room = roomFor(options);
  const shown = new Set<string>();
  const take = (server: string) => {
    const count = byServer.get(server)?.length;
    if (count === undefined || count > room || selection.removed.has(server)) return;
    shown.add(server);
    room -= count;
  };
  for (const server of [...selection.added].reverse()) take(server);
  for (const server of byServer.keys()) if (!shown.has(server)) take(server);
  const tools = new Map<string, ExposedItem>();
  for (const [server, entries] of byServer) {
    if (!shown.has(server)) continue;
    for (const [name, item] of entries) {
      // A server's tool never takes a gateway tool's name: it gets its server's prefix.
      const exposed = isGatewayTool(name) ? safeName(`${server}__${name}`) : name;
      tools.set(exposed, exposed === name ? item : { ...item, item: { ...item.item, name: exposed } });
    }
  }
  return { tools, gatewayTools: true };
}

/** How many of a server's tools a session can be shown besides the gateway's own. */
export function roomFor(options: DynamicToolsOptions): number {
  return options.budget === undefined ? Number.POSITIVE_INFINITY : options.budget - GATEWAY_TOOL_ITEMS.length;
}

/** The `limit` of an mcp-find call, within bounds; an invalid one is refused as invalid params. */
export function searchLimit(value: unknown): number {
  if (value === undefined) return SEARCH_LIMIT.default;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) throw new GatewayError(ErrorCode.INVALID_ARGUMENT, "limit must be a positive integer");
  return Math.min(value, SEARCH_LIMIT.max);
}

/** A string argument of a gateway tool, or INVALID_ARGUMENT naming it. */
export function stringArgument(args: Record<string, unknown>, name: string): string {
  const value = args[name];
  if (typeof value !== "string" || value.trim() === "") throw new GatewayError(ErrorCode.INVALID_ARGUMENT, `${name} must be a non-empty string`);
  return value;
}

/** A tool result of the gateway's own: text for the model, and the same as structured content. */
export function toolResult(text: string, structured: Record<string, unknown>): Record<string, unknown> {
  return { content: [{ type: "text", text }], structuredContent: structured };
}
