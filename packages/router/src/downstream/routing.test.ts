import { UpstreamError } from "@mcpgw/core";
import { afterEach, describe, expect, it } from "vitest";
import type { FakeRequest, FakeServerScript } from "../testing/memory-connector.js";
import { closeAll, connect, failureOf, setup, spec } from "../testing/harness.js";

afterEach(closeAll);

/** A server offering prompts, resources and completions, answering each with where it was asked. */
function offering(server: string): FakeServerScript {
  return {
    capabilities: { prompts: {}, resources: {}, completions: {} },
    prompts: [{ name: "draft", arguments: [{ name: "topic" }] }],
    resources: [{ uri: `${server}://readme`, name: "readme" }],
    resourceTemplates: [{ uriTemplate: `${server}://files/{+path}`, name: "files" }],
    handle: (request: FakeRequest) => {
      if (request.method === "prompts/get") return { messages: [{ role: "user", content: { type: "text", text: `${server}:${String(request.params.name)}` } }] };
      if (request.method === "resources/read") return { contents: [{ uri: request.params.uri, text: `from ${server}` }] };
      if (request.method === "completion/complete") return { completion: { values: [server] } };
      return {};
    },
  };
}

function twoServers() {
  return setup([spec("a"), spec("b")], { a: offering("a"), b: offering("b") });
}

const received = (connector: ReturnType<typeof setup>["connector"], server: string, method: string) =>
  connector.started.filter((s) => s.name === server).flatMap((s) => s.requests(method).map((r) => r.params));

describe("prompts/get", () => {
  it("goes to the server that offers the prompt, under the server's own name, with its arguments", async () => {
    const { router, connector } = twoServers();
    const client = await connect(router);
    const result = await client.getPrompt({ name: "b__draft", arguments: { topic: "tests" } });
    expect(result.messages[0]!.content).toEqual({ type: "text", text: "b:draft" });
    expect(received(connector, "b", "prompts/get")).toEqual([{ name: "draft", arguments: { topic: "tests" } }]);
    expect(received(connector, "a", "prompts/get")).toEqual([]);
  });
});

describe("resources", () => {
  it("lists every server's resources and templates together", async () => {
    const { router } = twoServers();
    const client = await connect(router);
    expect((await client.listResources()).resources.map((r) => r.uri)).toEqual(["a://readme", "b://readme"]);
    expect((await client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate)).toEqual(["a://files/{+path}", "b://files/{+path}"]);
  });

  it("reads a resource from the server that lists its URI", async () => {
    const { router, connector } = twoServers();
    const client = await connect(router);
    expect((await client.readResource({ uri: "b://readme" })).contents).toEqual([{ uri: "b://readme", text: "from b" }]);
    expect(received(connector, "b", "resources/read")).toEqual([{ uri: "b://readme" }]);
  });

  it("reads a URI no list names from the server whose template matches it", async () => {
    const { router, connector } = twoServers();
    const client = await connect(router);
    expect((await client.readResource({ uri: "a://files/src/index.ts" })).contents).toEqual([{ uri: "a://files/src/index.ts", text: "from a" }]);
    expect(received(connector, "b", "resources/read")).toEqual([]);
  });

  it("keeps the first server's resource when two list the same URI", async () => {
    const same = (server: string): FakeServerScript => ({ ...offering(server), resources: [{ uri: "shared://doc", name: server }] });
    const { router, connector } = setup([spec("a"), spec("b")], { a: same("a"), b: same("b") });
    const client = await connect(router);
    expect((await client.listResources()).resources).toEqual([{ uri: "shared://doc", name: "a" }]);
    await client.readResource({ uri: "shared://doc" });
    expect(received(connector, "a", "resources/read")).toHaveLength(1);
    expect(received(connector, "b", "resources/read")).toEqual([]);
  });

  it("passes an upstream's error answer to a read through verbatim", async () => {
    const { router } = setup([spec("a")], {
      a: {
        ...offering("a"),
        handle: () => {
          throw new UpstreamError({ code: -32050, message: "the disk is gone", data: { retry: false } });
        },
      },
    });
    const client = await connect(router);
    expect(await failureOf(client.readResource({ uri: "a://readme" }))).toMatchObject({ code: -32050, message: expect.stringContaining("the disk is gone"), data: { retry: false } });
  });
});

describe("completion/complete", () => {
  it("completes a prompt's argument on the prompt's server, under the server's own prompt name", async () => {
    const { router, connector } = twoServers();
    const client = await connect(router);
    const result = await client.complete({ ref: { type: "ref/prompt", name: "a__draft" }, argument: { name: "topic", value: "te" } });
    expect(result.completion.values).toEqual(["a"]);
    expect(received(connector, "a", "completion/complete")).toEqual([{ ref: { type: "ref/prompt", name: "draft" }, argument: { name: "topic", value: "te" } }]);
  });

  it("completes a resource template's argument on the server whose template matches", async () => {
    const { router, connector } = twoServers();
    const client = await connect(router);
    // A client completing a template sends the template itself, which matches its own pattern.
    const ref = { type: "ref/resource" as const, uri: "b://files/{+path}" };
    expect((await client.complete({ ref, argument: { name: "path", value: "sr" } })).completion.values).toEqual(["b"]);
    expect(received(connector, "b", "completion/complete")).toEqual([{ ref, argument: { name: "path", value: "sr" } }]);
    const byUri = await client.complete({ ref: { type: "ref/resource", uri: "a://readme" }, argument: { name: "path", value: "x" } });
    expect(byUri.completion.values).toEqual(["a"]);
  });

  it("answers a prompt nobody offers with -32602", async () => {
    const { router } = twoServers();
    const client = await connect(router);
    expect(await failureOf(client.complete({ ref: { type: "ref/prompt", name: "nope" }, argument: { name: "x", value: "" } }))).toMatchObject({
      code: -32602,
      message: expect.stringContaining("unknown prompt: nope"),
    });
  });
});
