import { definedOnly } from "@mcpgw/core";
import type { ServerDocument, ToolDocument } from "./documents.js";
import { createFieldIndex } from "./field-index.js";
import type { Field } from "./field-index.js";
import { tokenize } from "./tokenize.js";

// Field weights: what a tool is called says the most about it, then its title and
// description; argument names say what it takes more than what it does. A server's own text
// is scored in an index of servers (its words' rarity counted among servers, not among tools,
// so that a server with many tools is not made common by them) and that score is added to each
// of its tools: naming a server ("send a message to a slack channel") prefers its tools. Many
// catalogs, Docker's among them, describe servers but not tools, so the lift carries weight.
const TOOL_FIELDS: readonly Field<ToolDocument>[] = [
  { weight: 3, words: (tool) => tokenize(tool.tool) },
  { weight: 2, words: (tool) => tokenize(tool.title ?? "") },
  { weight: 1, words: (tool) => tokenize(tool.description ?? "") },
  { weight: 0.5, words: (tool) => (tool.arguments ?? []).flatMap(tokenize) },
];
const SERVER_FIELDS: readonly Field<ServerDocument>[] = [
  { weight: 3, words: (server) => tokenize(server.server) },
  { weight: 2, words: (server) => tokenize(server.title ?? "") },
  { weight: 1, words: (server) => tokenize(server.description ?? "") },
  { weight: 1, words: (server) => (server.tags ?? []).flatMap(tokenize) },
];
/** How much of its server's score each tool of a matching server gets. */
const LIFT = 1;
/** The tools `findServers` names per server. */
const TOOLS_PER_SERVER = 5;
const DEFAULT_LIMIT = 10;

/** A tool that matched a query. Higher scores match better; scores compare only within one query. */
export interface ToolMatch {
  server: string;
  tool: string;
  score: number;
}

/** A server that matched a query, with the tools of it that matched best (none when only the server did). */
export interface ServerMatch {
  server: string;
  score: number;
  tools: string[];
}

/** Options of {@link ToolSearch.find}. */
export interface FindToolsOptions {
  /** At most this many matches (10 by default). */
  limit?: number;
  /** Only tools this accepts are matched (and count toward `limit`). */
  filter?: (server: string, tool: string) => boolean;
}

/** Options of {@link ToolSearch.findServers}. */
export interface FindServersOptions {
  /** At most this many matches (10 by default). */
  limit?: number;
  /** Only servers this accepts are matched (and count toward `limit`). */
  filter?: (server: string) => boolean;
}

/** A ranked lexical search over tools and servers, built once; queries change nothing. */
export interface ToolSearch {
  /** The tools that match `query`, best first; none when no word of it matches anything. */
  find(query: string, options?: FindToolsOptions): ToolMatch[];
  /** The servers that match `query` by their own text or their tools', best first. */
  findServers(query: string, options?: FindServersOptions): ServerMatch[];
  /** How many tool documents are indexed. */
  readonly size: number;
}

/**
 * Indexes tools (and servers: those of `servers`, and any other that a tool names, described
 * by its tools' `serverTitle`/`serverDescription`) for ranked search by what a tool does.
 * Build it again when the catalogs change.
 * @example
 * const search = createToolSearch(toolDocumentsOf(catalog), serverDocumentsOf(catalog));
 * search.find("open a pull request on github", { limit: 5 });
 * // [{ server: "github", tool: "create_pull_request", score: 20.2 }, …]
 */
export function createToolSearch(tools: readonly ToolDocument[], servers: readonly ServerDocument[] = []): ToolSearch {
  const serverList = serverDocuments(tools, servers);
  const serverNumber = new Map(serverList.map((server, i) => [server.server, i]));
  const toolServer = Int32Array.from(tools, (tool) => serverNumber.get(tool.server)!);
  const toolsOfServer: number[][] = serverList.map(() => []);
  toolServer.forEach((server, tool) => toolsOfServer[server]!.push(tool));

  const toolIndex = createFieldIndex(tools, TOOL_FIELDS);
  const serverIndex = createFieldIndex(serverList, SERVER_FIELDS);

  /** Each tool's own score and each server's, for the words of `query`. */
  function scores(query: string): { own: Float64Array; server: Float64Array } {
    const words = tokenize(query);
    const own = new Float64Array(tools.length);
    const server = new Float64Array(serverList.length);
    toolIndex.score(words, own);
    serverIndex.score(words, server);
    return { own, server };
  }

  return {
    size: tools.length,

    find(query, { limit = DEFAULT_LIMIT, filter } = {}) {
      const { own, server } = scores(query);
      const matches: ToolMatch[] = [];
      for (let i = 0; i < tools.length; i++) {
        const score = own[i]! + LIFT * server[toolServer[i]!]!;
        const tool = tools[i]!;
        if (score > 0 && (!filter || filter(tool.server, tool.tool))) matches.push({ server: tool.server, tool: tool.tool, score });
      }
      // A stable sort: equal scores keep document order, so results do not depend on the engine.
      return matches.sort((a, b) => b.score - a.score).slice(0, Math.max(0, limit));
    },

    findServers(query, { limit = DEFAULT_LIMIT, filter } = {}) {
      const { own, server } = scores(query);
      const matches: ServerMatch[] = [];
      serverList.forEach(({ server: name }, s) => {
        const ranked = toolsOfServer[s]!.filter((t) => own[t]! > 0).sort((a, b) => own[b]! - own[a]!);
        // A server is as good as its own text and its best tool: many weak tools do not add up.
        const score = server[s]! + (ranked.length > 0 ? own[ranked[0]!]! : 0);
        if (score > 0 && (!filter || filter(name))) {
          matches.push({ server: name, score, tools: ranked.slice(0, TOOLS_PER_SERVER).map((t) => tools[t]!.tool) });
        }
      });
      return matches.sort((a, b) => b.score - a.score).slice(0, Math.max(0, limit));
    },
  };
}

/** The servers given, then any other that a tool names, described by its first tool. */
function serverDocuments(tools: readonly ToolDocument[], servers: readonly ServerDocument[]): ServerDocument[] {
  const byName = new Map(servers.map((server) => [server.server, server]));
  for (const tool of tools) {
    if (byName.has(tool.server)) continue;
    byName.set(tool.server, { server: tool.server, ...definedOnly({ title: tool.serverTitle, description: tool.serverDescription }) });
  }
  return [...byName.values()];
}
