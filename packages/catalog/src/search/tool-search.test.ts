import { describe, expect, it } from "vitest";
import type { ServerDocument, ToolDocument } from "./documents.js";
import { createToolSearch } from "./tool-search.js";

const names = (matches: readonly { server: string; tool?: string }[]) => matches.map((m) => (m.tool === undefined ? m.server : `${m.server}:${m.tool}`));

describe("createToolSearch: ranking", () => {
  it("ranks a tool's name above its title, its title above its description, its description above its arguments", () => {
    const search = createToolSearch([
      { server: "s", tool: "by_argument", arguments: ["invoice", "its number"] },
      { server: "s", tool: "by_description", description: "Reads an invoice" },
      { server: "s", tool: "by_title", title: "Invoice reader" },
      { server: "s", tool: "read_invoice" },
    ]);
    expect(names(search.find("invoice"))).toEqual(["s:read_invoice", "s:by_title", "s:by_description", "s:by_argument"]);
  });

  it("ranks a rare word above a common one", () => {
    const search = createToolSearch([
      { server: "s", tool: "get_user" },
      { server: "s", tool: "get_team" },
      { server: "s", tool: "get_project" },
      { server: "s", tool: "archive_project" },
    ]);
    // "archive" is in one tool, "get" in three: the tool with the rare word wins.
    expect(names(search.find("get archive")).slice(0, 1)).toEqual(["s:archive_project"]);
    expect(names(search.find("archive project"))[0]).toBe("s:archive_project");
  });

  it("prefers a short name that is all match to a long one that is partly match", () => {
    const search = createToolSearch([
      { server: "s", tool: "search_code_in_repository_with_filters" },
      { server: "s", tool: "search_code" },
    ]);
    expect(names(search.find("search code"))).toEqual(["s:search_code", "s:search_code_in_repository_with_filters"]);
  });

  it("lifts the tools of a server that the query names", () => {
    const search = createToolSearch(
      [
        { server: "discord", tool: "send_message" },
        { server: "slack", tool: "post_message" },
        { server: "slack", tool: "list_users" },
      ],
      [
        { server: "discord", title: "Discord" },
        { server: "slack", title: "Slack", description: "Workspaces and channels" },
      ],
    );
    expect(names(search.find("send a message"))[0]).toBe("discord:send_message");
    expect(names(search.find("send a message to a slack channel"))[0]).toBe("slack:post_message");
    // The server alone matches: all its tools, none of another's.
    expect(names(search.find("slack"))).toEqual(["slack:post_message", "slack:list_users"]);
  });

  it("describes a server from its tools' serverTitle and serverDescription when no server document is given", () => {
    const search = createToolSearch([
      { server: "wx", tool: "current", serverTitle: "Weather", serverDescription: "Forecasts for any city" },
      { server: "clock", tool: "current" },
    ]);
    expect(names(search.find("weather forecast"))).toEqual(["wx:current"]);
    expect(names(search.findServers("forecast"))).toEqual(["wx"]);
  });

  it("keeps document order among equal scores", () => {
    const search = createToolSearch([
      { server: "b", tool: "ping" },
      { server: "a", tool: "ping" },
      { server: "c", tool: "ping" },
    ]);
    expect(names(search.find("ping"))).toEqual(["b:ping", "a:ping", "c:ping"]);
  });
});

describe("createToolSearch: what comes back", () => {
  const tools: ToolDocument[] = Array.from({ length: 30 }, (_, i) => ({ server: i % 2 === 0 ? "even" : "odd", tool: `read_page_${i}` }));
  const search = createToolSearch(tools);

  it("counts its documents", () => {
    expect(search.size).toBe(30);
    expect(createToolSearch([]).size).toBe(0);
  });

  it("returns at most `limit` matches, 10 by default, with positive scores, best first", () => {
    expect(search.find("read page")).toHaveLength(10);
    expect(search.find("read page", { limit: 3 })).toHaveLength(3);
    expect(search.find("read page", { limit: 100 })).toHaveLength(30);
    expect(search.find("read page", { limit: 0 })).toEqual([]);
    const scores = search.find("page 7 read", { limit: 30 }).map((m) => m.score);
    expect(scores.every((score) => score > 0)).toBe(true);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it("matches only what the filter accepts, before the limit", () => {
    const found = search.find("read page", { limit: 5, filter: (server, tool) => server === "odd" && tool !== "read_page_1" });
    expect(names(found)).toEqual(["odd:read_page_3", "odd:read_page_5", "odd:read_page_7", "odd:read_page_9", "odd:read_page_11"]);
    expect(search.findServers("read page", { filter: (server) => server === "odd" }).map((m) => m.server)).toEqual(["odd"]);
  });

  it("returns nothing, not zero scores, when no word matches", () => {
    expect(search.find("xyzzy frobnicate")).toEqual([]);
    expect(search.find("")).toEqual([]);
    expect(search.find("the of and")).toEqual([]);
    expect(search.findServers("xyzzy")).toEqual([]);
    expect(createToolSearch([]).find("read")).toEqual([]);
  });

  it("is the same index after any number of queries", () => {
    const first = search.find("page 12");
    for (let i = 0; i < 5; i++) search.find(`read ${i}`, { filter: () => false });
    expect(search.find("page 12")).toEqual(first);
  });
});

describe("createToolSearch: findServers", () => {
  const servers: ServerDocument[] = [
    { server: "hubspot-remote", title: "HubSpot", description: "CRM.", tags: ["crm", "sales"] },
    { server: "github", title: "GitHub", description: "Repositories, issues and pull requests" },
    { server: "gitlab", title: "GitLab" },
  ];
  const search = createToolSearch(
    [
      { server: "github", tool: "create_pull_request" },
      { server: "github", tool: "list_pull_requests" },
      { server: "github", tool: "create_issue" },
      { server: "gitlab", tool: "create_merge_request" },
    ],
    servers,
  );

  it("finds a server that declares no tools by its own text", () => {
    expect(search.findServers("crm")).toEqual([{ server: "hubspot-remote", score: expect.any(Number), tools: [] }]);
    expect(search.find("crm")).toEqual([]);
  });

  it("names the server's best matching tools, best first", () => {
    const [first, ...rest] = search.findServers("create a pull request");
    expect(first).toMatchObject({ server: "github", tools: ["create_pull_request", "list_pull_requests", "create_issue"] });
    expect(rest.map((m) => m.server)).toEqual(["gitlab"]);
    expect(rest[0]!.tools).toEqual(["create_merge_request"]);
  });

  it("ranks by the server's own text and its best tool, not by how many tools it has", () => {
    expect(search.findServers("merge request").map((m) => m.server)).toEqual(["gitlab", "github"]);
    expect(search.findServers("create", { limit: 1 }).map((m) => m.server)).toHaveLength(1);
  });
});
