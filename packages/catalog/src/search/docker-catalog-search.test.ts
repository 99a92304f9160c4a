// The search over Docker's real catalog (test/fixtures/docker-mcp-catalog-v3.yaml: 232 servers,
// 2,230 tools declared by name only, no tool descriptions): plain-language needs find the tool
// that does it among the first five.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseCatalog } from "../parse-catalog.js";
import { serverDocumentsOf, toolDocumentsOf } from "./documents.js";
import { createToolSearch } from "./tool-search.js";

const FIXTURE = new URL("../../../../test/fixtures/docker-mcp-catalog-v3.yaml", import.meta.url);
const parsed = parseCatalog(readFileSync(FIXTURE, "utf8"), "docker-mcp.yaml");
if (!parsed.ok) throw new Error(`the fixture does not parse: ${JSON.stringify(parsed.errors)}`);
const docker = parsed.value;
const search = createToolSearch(toolDocumentsOf(docker), serverDocumentsOf(docker));

/** A need, and the tools (`server:tool`) of which one must be in the first five. */
const NEEDS: [need: string, expected: string[]][] = [
  ["open a pull request on github", ["github-official:create_pull_request", "github:create_pull_request"]],
  ["query a postgres database", ["postgres:query"]],
  ["search the web", ["brave:brave_web_search", "exa:web_search_exa", "duckduckgo:search", "tavily:tavily-search"]],
  ["send a message to a slack channel", ["slack:slack_post_message"]],
  ["fetch a web page as markdown", ["fetch:fetch", "markitdown:convert_to_markdown"]],
  ["list files in a directory", ["filesystem:list_directory", "desktop-commander:list_directory"]],
  ["get the current time in a timezone", ["time:get_current_time"]],
  ["create a jira issue", ["atlassian:jira_create_issue"]],
  ["take a screenshot of a web page", ["playwright:browser_take_screenshot", "puppeteer:puppeteer_screenshot"]],
  ["get the transcript of a youtube video", ["youtube_transcript:get_transcript"]],
  ["weather forecast for a city", ["openweather:weather"]],
  ["send an email", ["resend:send-email"]],
  ["search wikipedia", ["wikipedia-mcp:search_wikipedia"]],
];

describe("search over Docker's catalog", () => {
  it("indexes every declared tool", () => {
    expect(search.size).toBe(2230);
  });

  it.each(NEEDS)("%s: the tool is among the first five", (need, expected) => {
    for (const name of expected) {
      const [server, tool] = name.split(":") as [string, string];
      expect(docker.servers[server]?.tools?.some((t) => t.name === tool), `${name} is in the fixture`).toBe(true);
    }
    const top = search.find(need, { limit: 5 }).map((m) => `${m.server}:${m.tool}`);
    expect(top.filter((name) => expected.includes(name)), `top five: ${top.join(", ")}`).not.toEqual([]);
  });

  it("finds a remote server that declares no tools by its description", () => {
    expect(docker.servers["hubspot-remote"]?.tools ?? []).toEqual([]);
    expect(search.findServers("hubspot crm")[0]).toMatchObject({ server: "hubspot-remote", tools: [] });
  });

  it("names a server's matching tools when it finds the server", () => {
    expect(search.findServers("slack channel messages", { limit: 1 })[0]).toMatchObject({ server: "slack", tools: expect.arrayContaining(["slack_post_message"]) });
  });

  it("finds nothing for words nothing has", () => {
    expect(search.find("xyzzy frobnicate")).toEqual([]);
    expect(search.findServers("xyzzy frobnicate")).toEqual([]);
  });
});
