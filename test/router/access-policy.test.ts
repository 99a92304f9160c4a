// The access policy, enforced by a router with real upstream servers (the example servers and
// server-everything, run as local processes) and real SDK clients, linked in memory to the
// downstream servers. Principals are set on the session as the HTTP transports set them.
import type { AccessPolicy, Principal, ServerSpec } from "@mcpgw/core";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import type { Router, RouterOptions } from "@mcpgw/router";
import { failure } from "../support/clients.js";
import { closeRouters, connectSession, everything, example, setupRouter } from "../support/router.js";

const ciBot: Principal = { via: "token", subject: "ci-bot", scopes: ["tools:read"] };
const admin: Principal = { via: "oauth", subject: "alice@example.com", scopes: ["mcp:admin"], clientId: "cursor" };
const stranger: Principal = { via: "token", subject: "stranger", scopes: [] };

const policy: AccessPolicy = {
  rules: [
    { subjects: ["ci-bot"], allow: ["clock:*", "notes:get_note"] },
    { scopes: ["mcp:admin"], allow: ["*"], deny: ["notes:delete_*"] },
  ],
  default: "deny",
};

afterEach(closeRouters);

function setup(specs: ServerSpec[], over: Partial<RouterOptions> = {}) {
  const made = setupRouter(specs, { policy, ...over });
  return { ...made, starts: made.connector.starts };
}

const connect = (router: Router, principal?: Principal): Promise<Client> => connectSession(router, principal ? { principal } : {});

const toolNames = async (client: Client) => (await client.listTools()).tools.map((t) => t.name).sort();

describe("router under an access policy", () => {
  it("shows each principal only the tools it may call, and the owner all of them", async () => {
    const { router } = setup([example("clock"), example("notes")]);
    const [owner, bot, alice, nobody] = await Promise.all([connect(router), connect(router, ciBot), connect(router, admin), connect(router, stranger)]);
    expect(await toolNames(owner)).toEqual(["add_duration", "add_note", "convert_time", "delete_note", "get_note", "list_notes", "now"]);
    expect(await toolNames(bot)).toEqual(["add_duration", "convert_time", "get_note", "now"]);
    expect(await toolNames(alice)).toEqual(["add_duration", "add_note", "convert_time", "get_note", "list_notes", "now"]);
    expect(await toolNames(nobody)).toEqual([]);
  });

  it("refuses a hidden tool exactly like an unknown one, and never runs it", async () => {
    const { router, starts, calls } = setup([example("clock"), example("notes")]);
    const bot = await connect(router, ciBot);
    const hidden = await failure(bot.callTool({ name: "delete_note", arguments: { id: 1 } }));
    const unknown = await failure(bot.callTool({ name: "no_such_tool", arguments: { id: 1 } }));
    expect(hidden.code).toBe(unknown.code);
    expect(hidden.message.replace("delete_note", "NAME")).toBe(unknown.message.replace("no_such_tool", "NAME"));
    expect(starts).not.toContain("notes");
    expect(calls).toEqual([]);

    const now = await bot.callTool({ name: "now", arguments: { timezone: "UTC" } });
    expect(now.isError).toBeFalsy();
    expect(calls).toEqual([expect.objectContaining({ server: "clock", tool: "now", outcome: "ok", subject: "ci-bot" })]);
  });

  it("hides and refuses the prompts and resources of servers a principal may not reach, without starting them", async () => {
    const { router, starts } = setup([example("clock"), everything()]);
    const bot = await connect(router, ciBot);
    expect((await bot.listPrompts()).prompts).toEqual([]);
    expect((await bot.listResources()).resources).toEqual([]);
    expect((await bot.listResourceTemplates()).resourceTemplates).toEqual([]);
    // The clock's lists are the bot's to see, so the clock starts to list them; everything is not.
    expect(starts).toEqual(["clock"]);

    const alice = await connect(router, admin);
    const prompt = (await alice.listPrompts()).prompts[0]!;
    const resource = (await alice.listResources()).resources[0]!;
    expect(starts).toEqual(["clock", "everything"]);

    const hiddenPrompt = await failure(bot.getPrompt({ name: prompt.name }));
    const unknownPrompt = await failure(bot.getPrompt({ name: "no_such_prompt" }));
    expect(hiddenPrompt.code).toBe(unknownPrompt.code);
    expect(hiddenPrompt.message.replace(prompt.name, "NAME")).toBe(unknownPrompt.message.replace("no_such_prompt", "NAME"));

    const hiddenRead = await failure(bot.readResource({ uri: resource.uri }));
    const unknownRead = await failure(bot.readResource({ uri: "demo://no/such/resource" }));
    expect(hiddenRead.code).toBe(unknownRead.code);
    expect(hiddenRead.message.replace(resource.uri, "URI")).toBe(unknownRead.message.replace("demo://no/such/resource", "URI"));
    await expect(bot.complete({ ref: { type: "ref/prompt", name: prompt.name }, argument: { name: "x", value: "" } })).rejects.toThrow(/unknown prompt/);

    expect((await alice.readResource({ uri: resource.uri })).contents[0]?.uri).toBe(resource.uri);
  });

  it("names tools among what a principal sees, so a prefix hints at nothing hidden", async () => {
    const { router } = setup([example("clock"), example("clock", "clock2")]);
    const owner = await connect(router);
    const bot = await connect(router, ciBot);
    expect(await toolNames(owner)).toContain("clock2__now");
    expect(await toolNames(bot)).toEqual(["add_duration", "convert_time", "now"]);
    expect((await bot.callTool({ name: "now", arguments: { timezone: "UTC" } })).isError).toBeFalsy();
  });

  it("applies a new policy to open sessions and tells them their lists changed", async () => {
    const { router } = setup([example("clock"), example("notes")]);
    const bot = await connect(router, ciBot);
    expect(await toolNames(bot)).toEqual(["add_duration", "convert_time", "get_note", "now"]);
    const changed = new Promise<void>((resolve) => bot.setNotificationHandler(ToolListChangedNotificationSchema, () => resolve()));
    router.setPolicy({ rules: [{ subjects: ["ci-bot"], allow: ["notes:*"], deny: ["notes:delete_note"] }], default: "deny" });
    await changed;
    expect(await toolNames(bot)).toEqual(["add_note", "get_note", "list_notes"]);
    router.setPolicy(undefined);
    expect(await toolNames(bot)).toHaveLength(7);
  });
});
