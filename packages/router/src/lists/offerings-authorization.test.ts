import type { AccessPolicy, ProcessServerSpec } from "@mcpgw/core";
import { resolveAccess } from "@mcpgw/core";
import { describe, expect, it } from "vitest";
import { spec as processSpec, tool } from "../testing/harness.js";
import { createMemoryListCache } from "./list-cache.js";
import { AUTHORIZE_TOOL, Offerings } from "./offerings.js";

const spec = (name: string, over: Partial<ProcessServerSpec> = {}) => processSpec(name, "shared", over);

function offerings(specs: ProcessServerSpec[], allow: (server: string, tool: string) => boolean = () => true): Offerings {
  const o = new Offerings({ prefix: "auto", cache: createMemoryListCache(), allowTool: (s, t) => allow(s.name, t) });
  o.setSpecs(specs, new Set());
  return o;
}

const accessOf = (allow: string[]) => {
  const policy: AccessPolicy = { default: "deny", rules: [{ subjects: ["alice"], allow }] };
  return resolveAccess(policy, { via: "token", subject: "alice", scopes: [] });
};

describe("Offerings of a server awaiting authorization", () => {
  it("offers its authorize tool beside what the others offer, and says when that changes", () => {
    const o = offerings([spec("clock", { tools: [tool("now")] }), spec("notes", { title: "Notes" })]);
    expect(o.setAwaitingAuthorization("notes", true)).toBe(true);
    expect(o.setAwaitingAuthorization("notes", true)).toBe(false);
    const tools = o.view().tools;
    expect([...tools.keys()]).toEqual(["now", AUTHORIZE_TOOL]);
    expect(tools.get(AUTHORIZE_TOOL)).toMatchObject({
      server: "notes",
      original: AUTHORIZE_TOOL,
      authorizes: true,
      item: { name: AUTHORIZE_TOOL, title: "Authorize Notes", inputSchema: { type: "object", properties: {} } },
    });
    expect(tools.get("now")?.authorizes).toBeUndefined();
    expect(o.setAwaitingAuthorization("notes", false)).toBe(true);
    expect([...o.view().tools.keys()]).toEqual(["now"]);
  });

  it("prefixes it like any tool when its name collides", () => {
    const o = offerings([spec("notes"), spec("mail"), spec("admin", { tools: [tool(AUTHORIZE_TOOL)] })]);
    o.setAwaitingAuthorization("notes", true);
    o.setAwaitingAuthorization("mail", true);
    const tools = o.view().tools;
    expect([...tools.keys()]).toEqual(["notes__authorize", "mail__authorize", "admin__authorize"]);
    expect(tools.get("mail__authorize")).toMatchObject({ server: "mail", original: AUTHORIZE_TOOL, authorizes: true, item: { name: "mail__authorize" } });
    expect(tools.get("admin__authorize")?.authorizes).toBeUndefined();
  });

  it("keeps it apart from a tool of the server's own of the same name", () => {
    const o = offerings([spec("notes", { tools: [tool(AUTHORIZE_TOOL, { title: "the server's own" })] })]);
    o.setAwaitingAuthorization("notes", true);
    const tools = [...o.view().tools.values()];
    expect(tools.map((t) => [t.item.name, t.item.title, t.authorizes])).toEqual([
      ["notes__authorize", "the server's own", undefined],
      ["notes__authorize__notes", "Authorize notes", true],
    ]);
  });

  it("offers it whatever the tool selection lets through", () => {
    const o = offerings([spec("notes", { tools: [tool("get_note")] })], (server) => server !== "notes");
    o.setAwaitingAuthorization("notes", true);
    expect([...o.view().tools.keys()]).toEqual([AUTHORIZE_TOOL]);
  });

  it("shows it only to principals who may reach the server", () => {
    const o = offerings([spec("clock", { tools: [tool("now")] }), spec("notes")]);
    o.setAwaitingAuthorization("notes", true);
    expect([...o.view(accessOf(["clock:*"])).tools.keys()]).toEqual(["now"]);
    expect([...o.view(accessOf(["clock:*", "notes:get_note"])).tools.keys()]).toEqual(["now", AUTHORIZE_TOOL]);
  });

  it("drops it once the server lists its own tools, reporting a tools change even when they are as known", () => {
    const notes = spec("notes", { tools: [tool("get_note")] });
    const o = offerings([notes]);
    o.setAwaitingAuthorization("notes", true);
    expect([...o.view().tools.keys()]).toEqual(["get_note", AUTHORIZE_TOOL]);
    expect(o.update(notes, { tools: [tool("get_note")] })).toEqual(["tools"]);
    expect([...o.view().tools.keys()]).toEqual(["get_note"]);
    expect(o.setAwaitingAuthorization("notes", false)).toBe(false);
    expect(o.update(notes, { tools: [tool("get_note")] })).toEqual([]);
  });
});
