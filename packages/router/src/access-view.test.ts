import type { AccessPolicy, Principal } from "@mcpgw/core";
import { afterEach, describe, expect, it } from "vitest";
import type { ListChange } from "./router.js";
import { closeAll, connect, failureOf, setup, spec, tool } from "./testing/harness.js";

afterEach(closeAll);

const alice: Principal = { via: "token", subject: "alice", scopes: [] };
const bob: Principal = { via: "token", subject: "bob", scopes: [] };
const policy: AccessPolicy = {
  default: "deny",
  rules: [
    { subjects: ["alice"], allow: ["open:*"] },
    { subjects: ["bob"], allow: ["open:*", "closed:*"], deny: ["closed:secret"] },
  ],
};
const offering = (prompt: string, uri: string) => ({
  capabilities: { tools: {}, prompts: {}, resources: {} },
  prompts: [{ name: prompt }],
  resources: [{ uri, name: uri }],
  resourceTemplates: [{ uriTemplate: `${uri}/{id}`, name: "t" }],
  handle: () => ({ messages: [], contents: [] }),
});

function twoServers() {
  return setup(
    [spec("open", "shared", { tools: [tool("t")] }), spec("closed", "shared", { tools: [tool("t"), tool("secret")] })],
    { open: offering("greet", "open://doc"), closed: offering("plan", "closed://doc") },
    { policy },
  );
}

describe("a principal's view", () => {
  it("hides the prompts, resources and templates of servers it may not reach", async () => {
    const { router } = twoServers();
    const client = await connect(router, { principal: alice });
    expect((await client.listPrompts()).prompts.map((p) => p.name)).toEqual(["greet"]);
    expect((await client.listResources()).resources.map((r) => r.uri)).toEqual(["open://doc"]);
    expect((await client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate)).toEqual(["open://doc/{id}"]);
  });

  it("answers a hidden prompt like an unknown one, and a hidden resource like a missing one", async () => {
    const { router, connector } = twoServers();
    const client = await connect(router, { principal: alice });
    expect(await failureOf(client.getPrompt({ name: "plan" }))).toMatchObject({ code: -32602, message: expect.stringContaining("unknown prompt: plan") });
    expect(await failureOf(client.readResource({ uri: "closed://doc" }))).toMatchObject({ data: { uri: "closed://doc" }, message: expect.stringContaining("no server offers the resource closed://doc") });
    expect(await failureOf(client.readResource({ uri: "closed://doc/7" }))).toMatchObject({ data: { uri: "closed://doc/7" } });
    expect(connector.started.filter((s) => s.name === "closed").flatMap((s) => [...s.requests("prompts/get"), ...s.requests("resources/read")])).toEqual([]);
  });

  it("names tools among what the principal sees, so a prefix never hints at a hidden tool", async () => {
    const { router } = twoServers();
    const [limited, owner] = await Promise.all([connect(router, { principal: alice }), connect(router)]);
    expect((await limited.listTools()).tools.map((t) => t.name)).toEqual(["t"]);
    expect((await owner.listTools()).tools.map((t) => t.name)).toEqual(["open__t", "closed__t", "secret"]);
    await limited.callTool({ name: "t", arguments: {} });
  });

  it("hides a denied tool of a server it may otherwise reach, and still shows that server's prompts", async () => {
    const { router } = twoServers();
    const client = await connect(router, { principal: bob });
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(["open__t", "closed__t"]);
    expect(await failureOf(client.callTool({ name: "secret", arguments: {} }))).toMatchObject({ code: -32602, message: expect.stringContaining("unknown tool: secret") });
    expect((await client.listPrompts()).prompts.map((p) => p.name)).toEqual(["greet", "plan"]);
  });

  it("does not start a server to list it for a principal who may reach none of it", async () => {
    const { router, connector } = setup([spec("open"), spec("closed")], { open: { tools: [tool("a")] }, closed: { tools: [tool("b")] } }, { policy });
    const client = await connect(router, { principal: alice });
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(["a"]);
    expect(connector.started.map((s) => s.name)).toEqual(["open"]);
  });
});

describe("setPolicy", () => {
  it("tells listeners every kind of list changed when the policy changes, and nothing when it is the same", async () => {
    const { router } = twoServers();
    const changes: ListChange[] = [];
    router.onListChanged((change) => changes.push(change));
    router.setPolicy(structuredClone(policy));
    expect(changes).toEqual([]);
    router.setPolicy(undefined);
    expect(changes).toEqual(["tools", "prompts", "resources"]);
  });

  it("takes away from an open session what the new policy no longer allows", async () => {
    const { router } = twoServers();
    const client = await connect(router, { principal: bob });
    expect((await client.listTools()).tools).toHaveLength(2);
    router.setPolicy({ default: "deny", rules: [{ subjects: ["bob"], allow: ["open:*"] }] });
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(["t"]);
    expect(await failureOf(client.callTool({ name: "closed__t", arguments: {} }))).toMatchObject({ code: -32602 });
  });
});
