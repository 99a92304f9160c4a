import { CLIENT_CAPABILITIES_META_KEY } from "@modelcontextprotocol/server";
import type { ServerContext } from "@modelcontextprotocol/server";
import { describe, expect, it } from "vitest";
import { InteractiveCalls } from "./interactive-calls.js";

/** The parts of a request's context InteractiveCalls reads: one round of a 2026-07-28 client's call. */
function round(options: { state?: string; responses?: Record<string, unknown>; capabilities?: Record<string, unknown> } = {}): ServerContext {
  const mcpReq = {
    signal: new AbortController().signal,
    requestState: () => options.state,
    inputResponses: options.responses,
    envelope: { [CLIENT_CAPABILITIES_META_KEY]: options.capabilities ?? { sampling: {}, elicitation: {}, roots: {} } },
    notify: async () => {},
  };
  // Only these fields are read; the rest of the SDK's context does not matter here.
  return { mcpReq } as unknown as ServerContext;
}

interface InputRequired {
  resultType: "input_required";
  inputRequests: Record<string, { method: string; params?: unknown }>;
  requestState: string;
}

describe("InteractiveCalls", () => {
  it("returns a call's result at once when it asks nothing", async () => {
    const calls = new InteractiveCalls();
    expect(await calls.run(round(), async () => "done")).toBe("done");
  });

  it("holds a call that asks the client, and resumes it with the answer of the client's retry", async () => {
    const calls = new InteractiveCalls();
    const first = (await calls.run(round(), async (_signal, ask) => ({ roots: await ask("roots/list", {}) }))) as InputRequired;
    expect(first.resultType).toBe("input_required");
    const [key, question] = Object.entries(first.inputRequests)[0]!;
    expect(question.method).toBe("roots/list");
    const resumed = await calls.run(round({ state: first.requestState, responses: { [key]: { roots: [{ uri: "file:///w" }] } } }), async () => "not run again");
    expect(resumed).toEqual({ roots: { roots: [{ uri: "file:///w" }] } });
  });

  it("asks again when a retry comes without the answer", async () => {
    const calls = new InteractiveCalls();
    const first = (await calls.run(round(), async (_s, ask) => ask("elicitation/create", { message: "name?", requestedSchema: { type: "object", properties: {} } }))) as InputRequired;
    const again = (await calls.run(round({ state: first.requestState, responses: {} }), async () => "x")) as InputRequired;
    expect(again.requestState).toBe(first.requestState);
    expect(Object.keys(again.inputRequests)).toEqual(Object.keys(first.inputRequests));
  });

  it("refuses to the server a question the client did not declare it can answer, and the call goes on", async () => {
    const calls = new InteractiveCalls();
    const result = await calls.run(round({ capabilities: {} }), async (_s, ask) => {
      const refused = await ask("sampling/createMessage", {}).catch((error: unknown) => error);
      return { refused };
    });
    expect(result).toMatchObject({ refused: { code: "METHOD_NOT_FOUND", message: 'the client does not support sampling/createMessage: it did not declare the "sampling" capability' } });
  });

  it("passes a held call's failure to the retry that finds it", async () => {
    const calls = new InteractiveCalls();
    const first = (await calls.run(round(), async (_s, ask) => {
      await ask("roots/list", {});
      throw new Error("the server failed after the answer");
    })) as InputRequired;
    const key = Object.keys(first.inputRequests)[0]!;
    await expect(calls.run(round({ state: first.requestState, responses: { [key]: { roots: [] } } }), async () => "x")).rejects.toThrow("the server failed after the answer");
  });

  it("asks each kind of question as the input request of its method", async () => {
    const methods: Record<string, unknown> = {};
    for (const [method, params] of [
      ["sampling/createMessage", { messages: [], maxTokens: 5 }],
      ["elicitation/create", { message: "name?", requestedSchema: { type: "object", properties: {} } }],
      ["elicitation/create", { mode: "url", message: "sign in", url: "https://example.test/auth", elicitationId: "e1" }],
      ["roots/list", {}],
    ] as const) {
      const first = (await new InteractiveCalls().run(round(), async (_s, ask) => ask(method, params))) as InputRequired;
      const question = Object.values(first.inputRequests)[0]!;
      methods[`${method}${"mode" in params ? ":url" : ""}`] = question.method;
      if (method !== "roots/list") expect(question.params).toMatchObject(params);
    }
    expect(methods).toEqual({
      "sampling/createMessage": "sampling/createMessage",
      "elicitation/create": "elicitation/create",
      "elicitation/create:url": "elicitation/create",
      "roots/list": "roots/list",
    });
  });

  it("asks a second question with a key of its own, after the first is answered", async () => {
    const calls = new InteractiveCalls();
    const first = (await calls.run(round(), async (_s, ask) => [await ask("roots/list", {}), await ask("roots/list", {})])) as InputRequired;
    const [firstKey] = Object.keys(first.inputRequests);
    const second = (await calls.run(round({ state: first.requestState, responses: { [firstKey!]: { roots: [] } } }), async () => "x")) as InputRequired;
    const [secondKey] = Object.keys(second.inputRequests);
    expect(secondKey).not.toBe(firstKey);
    expect(second.requestState).toBe(first.requestState);
    const done = await calls.run(round({ state: first.requestState, responses: { [secondKey!]: { roots: [{ uri: "file:///b" }] } } }), async () => "x");
    expect(done).toEqual([{ roots: [] }, { roots: [{ uri: "file:///b" }] }]);
  });

  it("starts a new call for a requestState it does not hold", async () => {
    const calls = new InteractiveCalls();
    expect(await calls.run(round({ state: "not-ours" }), async () => "fresh")).toBe("fresh");
  });

  it("gives the call the round now in progress, so progress reaches the client's latest request", async () => {
    const calls = new InteractiveCalls();
    const rounds: ServerContext[] = [];
    let current!: () => ServerContext;
    const first = (await calls.run((rounds[0] = round()), async (_s, ask, now) => {
      current = now;
      await ask("roots/list", {});
      return "done";
    })) as InputRequired;
    expect(current()).toBe(rounds[0]);
    const key = Object.keys(first.inputRequests)[0]!;
    rounds[1] = round({ state: first.requestState, responses: { [key]: { roots: [] } } });
    expect(await calls.run(rounds[1], async () => "x")).toBe("done");
    expect(current()).toBe(rounds[1]);
  });
});
