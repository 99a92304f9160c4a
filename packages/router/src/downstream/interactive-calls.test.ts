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
});
