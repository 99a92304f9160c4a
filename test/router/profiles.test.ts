// Profiles served by one router: each session sees its profile's servers and tools, under the
// access policy too, over one upstream pool; an edit reaches only the edited profile's sessions.
// Real upstream servers (the example servers, as local processes) and real SDK clients.
import type { Principal, ProfileScope } from "@mcpgw/core";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { failure } from "../support/clients.js";
import { closeRouters, connectSession, example, setupRouter } from "../support/router.js";

afterEach(closeRouters);

const PROFILES = new Map<string, ProfileScope>([
  ["dev", { servers: { clock: {}, notes: { tools: ["get_note", "list_*"] } } }],
  ["ci", { servers: { clock: { tools: ["now"] } } }],
]);

const toolNames = async (client: Client) => (await client.listTools()).tools.map((t) => t.name).sort();

describe("profiles", () => {
  it("shows each profile's session its own tools, the gateway's own sessions all of them, and runs a shared server once", async () => {
    const { router, connector } = setupRouter([example("clock"), example("notes")], { profiles: PROFILES });
    const [dev, ci, all] = await Promise.all([connectSession(router, { profile: "dev" }), connectSession(router, { profile: "ci" }), connectSession(router)]);
    expect(await toolNames(dev)).toEqual(["add_duration", "convert_time", "get_note", "list_notes", "now"]);
    expect(await toolNames(ci)).toEqual(["now"]);
    expect(await toolNames(all)).toEqual(["add_duration", "add_note", "convert_time", "delete_note", "get_note", "list_notes", "now"]);
    await dev.callTool({ name: "now", arguments: { timezone: "UTC" } });
    await ci.callTool({ name: "now", arguments: { timezone: "UTC" } });
    expect(connector.starts.filter((name) => name === "clock")).toHaveLength(1);
  });

  it("refuses a tool outside the session's profile like an unknown one, and a session of an unknown profile sees nothing", async () => {
    const { router } = setupRouter([example("clock"), example("notes")], { profiles: PROFILES });
    const ci = await connectSession(router, { profile: "ci" });
    const hidden = await failure(ci.callTool({ name: "add_note", arguments: { text: "x" } }));
    const unknown = await failure(ci.callTool({ name: "no_such_tool", arguments: {} }));
    expect(hidden.message.replace("add_note", "NAME")).toBe(unknown.message.replace("no_such_tool", "NAME"));
    expect(await toolNames(await connectSession(router, { profile: "nope" }))).toEqual([]);
  });

  it("meets the profile with the access policy", async () => {
    const bot: Principal = { via: "token", subject: "ci-bot", scopes: [] };
    const { router } = setupRouter([example("clock"), example("notes")], {
      profiles: PROFILES,
      policy: { rules: [{ subjects: ["ci-bot"], allow: ["clock:*", "notes:*"], deny: ["clock:add_duration"] }], default: "deny" },
    });
    expect(await toolNames(await connectSession(router, { profile: "dev", principal: bot }))).toEqual(["convert_time", "get_note", "list_notes", "now"]);
  });

  it("applies an edit to the open sessions of that profile only, with list_changed to them alone", async () => {
    const { router } = setupRouter([example("clock"), example("notes")], { profiles: PROFILES });
    const [dev, ci] = await Promise.all([connectSession(router, { profile: "dev" }), connectSession(router, { profile: "ci" })]);
    expect(await toolNames(ci)).toEqual(["now"]);
    let devHeard = 0;
    dev.setNotificationHandler(ToolListChangedNotificationSchema, () => void devHeard++);
    const ciHeard = new Promise<void>((resolve) => ci.setNotificationHandler(ToolListChangedNotificationSchema, () => resolve()));
    router.setProfiles(new Map([...PROFILES, ["ci", { servers: { clock: { tools: ["now", "convert_time"] }, notes: { tools: ["list_notes"] } } }]]));
    await ciHeard;
    expect(await toolNames(ci)).toEqual(["convert_time", "list_notes", "now"]);
    // dev's lists are as they were, and it heard nothing (a later notification would have come first).
    expect(await toolNames(dev)).toEqual(["add_duration", "convert_time", "get_note", "list_notes", "now"]);
    expect(devHeard).toBe(0);
  });

  it("scopes the sessions of no profile when given a default scope, and tells them of its edits", async () => {
    const { router } = setupRouter([example("clock"), example("notes")], { profiles: PROFILES, defaultScope: { servers: { notes: {} } } });
    const [plain, ci] = await Promise.all([connectSession(router), connectSession(router, { profile: "ci" })]);
    expect(await toolNames(plain)).toEqual(["add_note", "delete_note", "get_note", "list_notes"]);
    const heard = new Promise<void>((resolve) => plain.setNotificationHandler(ToolListChangedNotificationSchema, () => resolve()));
    let ciHeard = 0;
    ci.setNotificationHandler(ToolListChangedNotificationSchema, () => void ciHeard++);
    router.setProfiles(PROFILES, { servers: { clock: { tools: ["now"] } } });
    await heard;
    expect(await toolNames(plain)).toEqual(["now"]);
    expect(await toolNames(ci)).toEqual(["now"]);
    expect(ciHeard).toBe(0);
    router.setProfiles(PROFILES);
    expect(await toolNames(plain)).toHaveLength(7);
  });

  it("applies policy rules that name a profile in that profile's sessions only", async () => {
    const bot: Principal = { via: "token", subject: "ci-bot", scopes: [] };
    const { router } = setupRouter([example("clock"), example("notes")], {
      profiles: PROFILES,
      policy: { rules: [{ subjects: ["ci-bot"], allow: ["notes:list_notes"] }, { subjects: ["ci-bot"], profiles: ["dev"], allow: ["clock:*"] }], default: "deny" },
    });
    const [inDev, inCi, plain] = await Promise.all([
      connectSession(router, { profile: "dev", principal: bot }),
      connectSession(router, { profile: "ci", principal: bot }),
      connectSession(router, { principal: bot }),
    ]);
    expect(await toolNames(inDev)).toEqual(["add_duration", "convert_time", "list_notes", "now"]);
    expect(await toolNames(inCi)).toEqual([]);
    expect(await toolNames(plain)).toEqual(["list_notes"]);
  });
});
