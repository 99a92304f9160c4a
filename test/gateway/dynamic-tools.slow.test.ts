// A client under a tool budget, on Docker's real catalog (232 servers, 2,230 declared tools) and
// two local servers the gateway serves, through the real CLI (`gateway run --tool-budget`): the
// session's tools/list stays within the budget throughout, mcp-find ranks the right server's
// tool for plain-language needs, mcp-add of a catalog server the gateway does not serve starts it
// for this session (or says which secret to set), and mcp-exec reaches a server not shown.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TempHome } from "../support/cli.js";
import { Cleanup, connectStdio, listToolNames, textOf } from "../support/clients.js";
import { repoFile } from "../support/files.js";
import { CLOCK_TOOLS, clockProcess, everythingProcess, writeHome } from "../support/servers.js";
import { eventually } from "../support/wait.js";
import { exampleServers } from "@mcpgw/example-servers";

const DOCKER_CATALOG_V3 = repoFile("test/fixtures/docker-mcp-catalog-v3.yaml");
const BUDGET = 8;
const notes = exampleServers.find((s) => s.name === "notes")!;

interface Found {
  tools: { server: string; tool: string; name?: string; status: string }[];
}

describe("gateway run --dynamic-tools --tool-budget on Docker's catalog", () => {
  let home: TempHome;

  beforeAll(async () => {
    home = await TempHome.create();
    // The gateway serves the clock and the notes; Docker's catalog is there to be searched.
    // Their tools are declared, as Docker's entries declare theirs: a budget never starts a server to list it.
    const declared = (name: string) => exampleServers.find((s) => s.name === name)!.tools.map((t) => ({ name: t.name, description: t.description }));
    // Only the clock is enabled: the notes are in a catalog, for a session to add.
    await writeHome(
      home,
      {
        clock: clockProcess({ tools: declared("clock") }),
        notes: { type: "process", title: "Notes", process: { command: process.execPath, args: [notes.entry] }, tools: declared("notes") },
      },
      ["clock"],
    );
    const imported = await home.run(["catalog", "import", DOCKER_CATALOG_V3]);
    expect(imported.code, imported.stderr).toBe(0);
  }, 60_000);

  afterAll(async () => {
    await home?.[Symbol.asyncDispose]();
  });

  it("finds, adds and calls within the budget", async () => {
    await using cleanup = new Cleanup();
    const { client } = await connectStdio(home, ["--dynamic-tools", "--tool-budget", String(BUDGET)]);
    cleanup.add(client);
    const withinBudget = async () => {
      const names = await listToolNames(client);
      expect(names.length).toBeLessThanOrEqual(BUDGET);
      return names;
    };
    // The clock (3) fits beside the gateway's four tools; the notes (4) do not.
    expect((await withinBudget()).sort()).toEqual(["mcp-add", "mcp-exec", "mcp-find", "mcp-remove", ...CLOCK_TOOLS].sort());

    const needs: [string, string, string][] = [
      ["query a postgres database with sql", "postgres", "query"],
      ["search the web with brave", "brave", "brave_web_search"],
      ["fetch a web page as markdown", "fetch", "fetch"],
      ["take a screenshot of a web page in a browser", "playwright", "browser_take_screenshot"],
      ["get the transcript of a youtube video", "youtube_transcript", "get_transcript"],
      ["add a note", "notes", "add_note"],
    ];
    for (const [query, server, tool] of needs) {
      const found = (await client.callTool({ name: "mcp-find", arguments: { query, limit: 5 } })).structuredContent as unknown as Found;
      expect(found.tools.map((t) => `${t.server}:${t.tool}`), query).toContain(`${server}:${tool}`);
    }
    const docker = (await client.callTool({ name: "mcp-find", arguments: { query: "query a postgres database with sql", limit: 5 } })).structuredContent as unknown as Found;
    expect(docker.tools.find((t) => t.server === "postgres")?.status).toBe("not served");
    await withinBudget();

    // A catalog server that needs a secret: mcp-add answers with what to set, and adds nothing.
    const github = await client.callTool({ name: "mcp-add", arguments: { server: "github-official" } }).then(
      () => undefined,
      (error: Error) => error,
    );
    expect(github?.message).toMatch(/github\.personal_access_token/);
    await withinBudget();

    // The notes are not served until this session adds them; then they take the clock's room.
    await expect(client.callTool({ name: "mcp-exec", arguments: { tool: "add_note", arguments: { title: "x", body: "y" } } })).rejects.toThrow(/unknown tool: add_note/);
    const added = await client.callTool({ name: "mcp-add", arguments: { server: "notes" } });
    expect(textOf(added)).toContain("Added notes to this session");
    const shown = await withinBudget();
    expect(shown).toContain("list_notes");
    expect(shown).not.toContain("now");
    const written = await client.callTool({ name: "add_note", arguments: { title: "budget", body: "written by an added server" } });
    expect(written.isError).toBeFalsy();
    expect(textOf(await client.callTool({ name: "list_notes", arguments: {} }))).toContain("budget");
    // The clock is still served, now only through mcp-exec.
    expect(textOf(await client.callTool({ name: "mcp-exec", arguments: { tool: "now", arguments: { timezone: "UTC" } } }))).toContain("UTC");
    await withinBudget();
  }, 120_000);

  it("finds the tools of a served server whose entry declares none, once it has listed them", async () => {
    await using fresh = await TempHome.create();
    // The clock's tools are declared; everything's are known only once it runs.
    const declared = exampleServers.find((s) => s.name === "clock")!.tools.map((t) => ({ name: t.name, description: t.description }));
    await writeHome(fresh, { clock: clockProcess({ tools: declared }), everything: everythingProcess() });
    await using cleanup = new Cleanup();
    const { client } = await connectStdio(fresh, ["--dynamic-tools", "--tool-budget", String(BUDGET)]);
    cleanup.add(client);
    const find = async () => ((await client.callTool({ name: "mcp-find", arguments: { query: "echo back a message", limit: 5 } })).structuredContent as unknown as Found).tools;
    expect((await find()).filter((t) => t.server === "everything")).toEqual([]);
    // Calling one of its tools starts it: what it lists is indexed too.
    expect(textOf(await client.callTool({ name: "mcp-exec", arguments: { tool: "echo", arguments: { message: "hello" } } }))).toContain("hello");
    await eventually(async () => (await find()).some((t) => t.server === "everything" && t.tool === "echo"), "mcp-find to know everything's echo");
    expect((await listToolNames(client)).length).toBeLessThanOrEqual(BUDGET);
  }, 120_000);
});
