// Section 6: tool search. The index of `@mcpgw/catalog`'s `createToolSearch` over every server
// and tool of Docker's real catalog (the repository's fixture), built in this process and
// queried in turn with plain-language needs: the cost of one `mcp-find`, before any transport.
import { loadCatalog } from "@mcpgw/catalog";
import { createToolSearch, serverDocumentsOf, toolDocumentsOf } from "@mcpgw/catalog/search";
import type { ToolSearch } from "@mcpgw/catalog/search";
import type { BenchConfig } from "../config.js";
import { DOCKER_CATALOG_FIXTURE } from "../paths.js";
import type { LatencySummary } from "../stats.js";
import { median, since, summarize } from "../stats.js";

export interface SearchResult {
  /** Tools indexed (the index's documents). */
  tools: number;
  servers: number;
  /** Different queries, each run once per round. */
  queries: number;
  /** Reading the documents out of the catalog and building the index, ms: the first build, and the median of all. */
  firstBuildMs: number;
  buildMs: number;
  builds: number;
  /** `find(query, { limit: 10 })`, each call timed. */
  find: LatencySummary;
  /** `findServers(query, { limit: 10 })`, each call timed. */
  findServers: LatencySummary;
}

/** What clients ask `mcp-find` for: tasks in plain words, product names, tool-like names. */
export const SEARCH_QUERIES: readonly string[] = [
  "open a pull request on github",
  "query a postgres database",
  "search the web",
  "send a message to a slack channel",
  "fetch a web page as markdown",
  "list files in a directory",
  "get the current time in a timezone",
  "create a jira issue",
  "take a screenshot of a web page",
  "get the transcript of a youtube video",
  "weather forecast for a city",
  "send an email",
  "search wikipedia",
  "list kubernetes pods",
  "refund a stripe payment",
  "create a notion page",
  "remember facts in a knowledge graph",
  "run sql on sqlite",
  "deploy to cloud run",
  "find papers on arxiv",
  "read a confluence page",
  "list docker hub images",
  "create a grafana dashboard",
  "search for redis keys",
  "convert a pdf to text",
  "translate text",
  "book a flight",
  "hubspot crm contacts",
  "get_pull_request",
  "listIssues",
  "browser automation click a button",
  "xyzzy frobnicate",
];

export async function runSearch(config: BenchConfig): Promise<SearchResult> {
  const loaded = await loadCatalog(DOCKER_CATALOG_FIXTURE);
  if (!loaded.ok) throw new Error(`${DOCKER_CATALOG_FIXTURE} does not parse: ${loaded.errors.map((e) => e.message).join("; ")}`);
  const catalog = loaded.value;

  const buildTimes: number[] = [];
  let search: ToolSearch | undefined;
  for (let i = 0; i < config.search.builds; i++) {
    const t0 = performance.now();
    search = createToolSearch(toolDocumentsOf(catalog), serverDocumentsOf(catalog));
    buildTimes.push(since(t0));
  }
  if (!search) throw new Error("config.search.builds must be at least 1");

  // One round unmeasured, so that the numbers are of compiled code, as in a gateway that has run a while.
  const measured = (find: (query: string) => unknown) => {
    for (const query of SEARCH_QUERIES) find(query);
    const times: number[] = [];
    for (let round = 0; round < config.search.rounds; round++) {
      for (const query of SEARCH_QUERIES) {
        const t0 = performance.now();
        find(query);
        times.push(since(t0));
      }
    }
    return summarize(times);
  };
  const index = search;
  return {
    tools: index.size,
    servers: Object.keys(catalog.servers).length,
    queries: SEARCH_QUERIES.length,
    firstBuildMs: buildTimes[0]!,
    buildMs: median(buildTimes),
    builds: buildTimes.length,
    find: measured((query) => index.find(query, { limit: 10 })),
    findServers: measured((query) => index.findServers(query, { limit: 10 })),
  };
}
