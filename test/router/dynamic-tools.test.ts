// The tool budget and the gateway's own tools (mcp-find, mcp-add, mcp-remove, mcp-exec), on a
// router with real upstream servers (the example clock and notes, as local processes) and real
// SDK clients. The search is the catalog package's, over documents like a catalog's.
import type { Principal, ProfileScope } from "@mcpgw/core";
import { ErrorCode, GatewayError } from "@mcpgw/core";
import { createToolSearch } from "@mcpgw/catalog/search";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { failure, textOf } from "../support/clients.js";
import { closeRouters, connectSession, example, setupRouter } from "../support/router.js";

afterEach(closeRouters);

const GATEWAY_TOOLS = ["mcp-add", "mcp-exec", "mcp-find", "mcp-remove"];
const CLOCK_TOOLS = ["add_duration", "convert_time", "now"];
const NOTES_TOOLS = ["add_note", "delete_note", "get_note", "list_notes"];
// Tools are prefixed with their server's name here (`--tool-prefix always`): "memo" is a second notes server.
const CLOCK = CLOCK_TOOLS.map((t) => `clock__${t}`);
const NOTES = NOTES_TOOLS.map((t) => `notes__${t}`);
const SERVERS = () => [example("clock"), example("notes"), example("notes", "memo")];
/** 11 tools: a budget of 8 shows the gateway's 4 and the clock's 3; neither notes server fits. */
const BUDGET = { enabled: false, budget: 8 };

const toolNames = async (client: Client) => (await client.listTools()).tools.map((t) => t.name).sort();
const sorted = (...lists: string[][]) => lists.flat().sort();

/** Like a catalog's: the two served servers, and one no gateway here serves. */
const search = createToolSearch(
  [
    ...CLOCK_TOOLS.map((tool) => ({ server: "clock", tool, serverTitle: "Clock", serverDescription: "Time and time zones" })),
    ...NOTES_TOOLS.map((tool) => ({ server: "notes", tool, serverTitle: "Notes", serverDescription: "Keeps short notes" })),
    { server: "weather", tool: "get_forecast", description: "The weather forecast for a city", serverTitle: "Weather" },
  ],
  [{ server: "weather", title: "Weather", description: "Forecasts" }],
);

describe("a tool budget", () => {
  it("shows the servers that fit and the gateway's tools, starts nothing to list them, and refuses a tool it does not show", async () => {
    const { router, connector } = setupRouter(SERVERS(), { toolPrefix: "always", dynamicTools: BUDGET });
    const client = await connectSession(router);
    expect(await toolNames(client)).toEqual(sorted(GATEWAY_TOOLS, CLOCK));
    expect(connector.starts).toEqual([]);
    const refused = await failure(client.callTool({ name: "notes__add_note", arguments: { text: "x" } }));
    expect(refused.message).toMatch(/unknown tool: notes__add_note/);
    expect(connector.starts).toEqual([]);
  });

  it("changes nothing when every tool fits and the gateway's tools are off", async () => {
    const { router } = setupRouter([example("clock"), example("notes")], { toolPrefix: "always", dynamicTools: { enabled: false, budget: 7 } });
    expect(await toolNames(await connectSession(router))).toEqual(sorted(CLOCK, NOTES));
  });

  it("finds, adds, calls and removes: mcp-find ranks, mcp-exec calls a tool not shown, mcp-add and mcp-remove tell only this session", async () => {
    const { router } = setupRouter(SERVERS(), { toolPrefix: "always", dynamicTools: { ...BUDGET, search } });
    const [client, other] = await Promise.all([connectSession(router), connectSession(router)]);

    const found = await client.callTool({ name: "mcp-find", arguments: { query: "add a note", limit: 3 } });
    const ranked = (found.structuredContent as { tools: Record<string, unknown>[] }).tools;
    expect(ranked).toHaveLength(3);
    expect(ranked[0]).toMatchObject({ server: "notes", tool: "add_note", name: "notes__add_note", status: "served", description: expect.stringContaining("Add a note") });
    expect(textOf(found)).toContain("notes__add_note (server notes): call it with mcp-exec, or mcp-add notes");
    const weather = await client.callTool({ name: "mcp-find", arguments: { query: "weather forecast" } });
    expect(weather.structuredContent).toMatchObject({ tools: [{ server: "weather", tool: "get_forecast", status: "not served" }], servers: [{ server: "weather", status: "not served" }] });

    const added = await client.callTool({ name: "mcp-exec", arguments: { tool: "notes__add_note", arguments: { title: "from exec", body: "written through mcp-exec" } } });
    expect(added.isError).toBeFalsy();
    expect(textOf(await client.callTool({ name: "mcp-exec", arguments: { tool: "notes__list_notes" } }))).toContain("from exec");

    let otherHeard = 0;
    other.setNotificationHandler(ToolListChangedNotificationSchema, () => void otherHeard++);
    const heard = new Promise<void>((resolve) => client.setNotificationHandler(ToolListChangedNotificationSchema, () => resolve()));
    const result = await client.callTool({ name: "mcp-add", arguments: { server: "notes" } });
    expect(result.structuredContent).toMatchObject({ server: "notes", tools: expect.arrayContaining(NOTES) });
    await heard;
    // Within the budget throughout: the notes take the clock's room.
    expect(await toolNames(client)).toEqual(sorted(GATEWAY_TOOLS, NOTES));
    expect(textOf(await client.callTool({ name: "notes__list_notes", arguments: {} }))).toContain("from exec");
    expect((await failure(client.callTool({ name: "clock__now", arguments: { timezone: "UTC" } }))).message).toMatch(/unknown tool: clock__now/);
    expect(await toolNames(other)).toEqual(sorted(GATEWAY_TOOLS, CLOCK));
    expect(otherHeard).toBe(0);

    await client.callTool({ name: "mcp-remove", arguments: { server: "notes" } });
    expect(await toolNames(client)).toEqual(sorted(GATEWAY_TOOLS, CLOCK));
    // With the clock removed too, the second notes server fits.
    await client.callTool({ name: "mcp-remove", arguments: { server: "clock" } });
    expect(await toolNames(client)).toEqual(sorted(GATEWAY_TOOLS, NOTES_TOOLS.map((t) => `memo__${t}`)));
  });

  it("refuses mcp-add of a server with more tools than the budget leaves room for", async () => {
    const { router } = setupRouter(SERVERS(), { toolPrefix: "always", dynamicTools: { enabled: false, budget: 7 } });
    const client = await connectSession(router);
    const refused = await failure(client.callTool({ name: "mcp-add", arguments: { server: "notes" } }));
    expect(refused.message).toMatch(/notes has 4 tools, more than this session's tool budget leaves room for \(3\)/);
    expect(await toolNames(client)).toEqual(sorted(GATEWAY_TOOLS, CLOCK));
  });

  it("refuses mcp-add of a server the gateway does not serve, and bad arguments, as errors the client reads", async () => {
    const { router } = setupRouter([example("clock")], { toolPrefix: "always", dynamicTools: { enabled: true, search } });
    const client = await connectSession(router);
    expect(await toolNames(client)).toEqual(sorted(GATEWAY_TOOLS, CLOCK));
    expect((await failure(client.callTool({ name: "mcp-add", arguments: { server: "weather" } }))).message).toMatch(/weather is not a server this gateway serves you/);
    expect((await failure(client.callTool({ name: "mcp-find", arguments: {} }))).message).toMatch(/query must be a non-empty string/);
    expect((await failure(client.callTool({ name: "mcp-exec", arguments: { tool: "clock__now", arguments: "UTC" } }))).message).toMatch(/arguments must be an object/);
  });
});

describe("the gateway's tools under the access policy", () => {
  it("find, add and exec reach only what the caller may call", async () => {
    const bot: Principal = { via: "token", subject: "ci-bot", scopes: [] };
    const { router } = setupRouter([example("clock"), example("notes")], {
      toolPrefix: "always",
      dynamicTools: { enabled: true, budget: 8, search },
      policy: { rules: [{ subjects: ["ci-bot"], allow: ["clock:*", "notes:list_notes"] }], default: "deny" },
    });
    const client = await connectSession(router, { principal: bot });
    expect(await toolNames(client)).toEqual(sorted(GATEWAY_TOOLS, CLOCK, ["notes__list_notes"]));
    const found = await client.callTool({ name: "mcp-find", arguments: { query: "note" } });
    expect((found.structuredContent as { tools: { tool: string }[] }).tools.map((t) => t.tool)).toEqual(["list_notes"]);
    expect((await failure(client.callTool({ name: "mcp-exec", arguments: { tool: "notes__delete_note", arguments: { id: 1 } } }))).message).toMatch(/unknown tool: notes__delete_note/);
  });

  it("adds a catalog server the gateway does not serve to the adding session alone, through resolve, which says what is missing", async () => {
    const resolved: string[] = [];
    const { router, connector } = setupRouter([example("clock")], {
      toolPrefix: "always",
      policy: { rules: [{ subjects: ["ci-bot"], allow: ["clock:*"] }], default: "allow" },
      dynamicTools: {
        enabled: true,
        search,
        resolve: async (server) => {
          resolved.push(server);
          if (server === "notes") return example("notes");
          throw new GatewayError(ErrorCode.SECRET_MISSING, `${server} needs the secret weather.api_key`, { suggestion: "mcpgw secret set weather.api_key" });
        },
      },
    });
    const bot: Principal = { via: "token", subject: "ci-bot", scopes: [] };
    const [adder, other, botSession] = await Promise.all([connectSession(router), connectSession(router), connectSession(router, { principal: bot })]);

    const added = await adder.callTool({ name: "mcp-add", arguments: { server: "notes" } });
    expect(added.structuredContent).toMatchObject({ server: "notes", tools: expect.arrayContaining(NOTES) });
    expect(await toolNames(adder)).toEqual(sorted(GATEWAY_TOOLS, CLOCK, NOTES));
    expect(textOf(await adder.callTool({ name: "notes__add_note", arguments: { title: "mine", body: "added at run time" } }))).toContain("mine");
    // Nobody else sees it, or can call it.
    expect(await toolNames(other)).toEqual(sorted(GATEWAY_TOOLS, CLOCK));
    expect((await failure(other.callTool({ name: "mcp-exec", arguments: { tool: "notes__list_notes" } }))).message).toMatch(/unknown tool: notes__list_notes/);
    // Another session adding it shares the same server process.
    await other.callTool({ name: "mcp-add", arguments: { server: "notes" } });
    expect(textOf(await other.callTool({ name: "notes__list_notes", arguments: {} }))).toContain("mine");
    expect(connector.starts.filter((name) => name === "notes")).toHaveLength(1);
    expect(resolved).toEqual(["notes"]);

    const missing = await failure(adder.callTool({ name: "mcp-add", arguments: { server: "weather" } }));
    expect(missing.message).toMatch(/weather needs the secret weather.api_key/);
    // The policy decides before anything is resolved.
    expect((await failure(botSession.callTool({ name: "mcp-add", arguments: { server: "notes" } }))).message).toMatch(/notes is not a server this gateway serves you/);
    expect(resolved).toEqual(["notes", "weather"]);
  });
});

describe("a profile's own dynamic tools and budget", () => {
  it("apply to that profile's sessions, over the gateway's, and to no other", async () => {
    const { router } = setupRouter(SERVERS(), {
      toolPrefix: "always",
      profiles: new Map<string, ProfileScope>([
        ["small", { servers: { clock: {}, notes: {}, memo: {} }, dynamicTools: { budget: 8 } }],
        ["plain", { servers: { clock: {} } }],
      ]),
    });
    const [small, plain, none] = await Promise.all([connectSession(router, { profile: "small" }), connectSession(router, { profile: "plain" }), connectSession(router)]);
    expect(await toolNames(small)).toEqual(sorted(GATEWAY_TOOLS, CLOCK));
    expect(await toolNames(plain)).toEqual(CLOCK);
    expect(await toolNames(none)).toHaveLength(11);
    // Without the gateway's search, mcp-find looks through what the session's caller may reach.
    const found = await small.callTool({ name: "mcp-find", arguments: { query: "delete note" } });
    expect((found.structuredContent as { tools: { name: string }[] }).tools.map((t) => t.name)).toContain("notes__delete_note");
  });
});
