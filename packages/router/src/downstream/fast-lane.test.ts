import { ErrorCode, GatewayError, UpstreamError } from "@mcpgw/core";
import { describe, expect, it } from "vitest";
import type { LaneCallIO } from "./fast-lane.js";
import { createFastLane } from "./fast-lane.js";

type Sent = { message: Record<string, unknown>; related: string | number | undefined };

/** A lane whose calls are driven by the test: each call waits for `settle`. */
function lane(accepts = (params: Record<string, unknown>) => params.name === "echo") {
  const sent: Sent[] = [];
  const running: { params: Record<string, unknown>; io: LaneCallIO; settle: (value: unknown, failed?: boolean) => void }[] = [];
  const fast = createFastLane({
    accepts,
    call: (params, io) =>
      new Promise((resolve, reject) => running.push({ params, io, settle: (value, failed) => (failed ? reject(value) : resolve(value)) })),
  });
  const reply = (message: Record<string, unknown>, related?: string | number) => void sent.push({ message, related });
  const take = (message: Record<string, unknown>) => fast.take({ jsonrpc: "2.0", ...message }, reply);
  const tick = () => new Promise((resolve) => setImmediate(resolve));
  return { fast, sent, running, take, tick };
}

describe("the fast lane", () => {
  it("takes the calls it accepts and answers them by id, once; leaves everything else to the Server", async () => {
    const { sent, running, take, tick } = lane();
    expect(take({ id: 1, method: "tools/call", params: { name: "echo", arguments: { message: "hi" } } })).toBe(true);
    expect(take({ id: 2, method: "tools/call", params: { name: "other" } })).toBe(false);
    expect(take({ id: 3, method: "tools/call", params: "not an object" })).toBe(false);
    expect(take({ id: 4, method: "tools/list" })).toBe(false);
    expect(take({ method: "notifications/initialized" })).toBe(false);
    // An id already in flight is the Server's to refuse.
    expect(take({ id: 1, method: "tools/call", params: { name: "echo" } })).toBe(false);
    running[0]!.settle({ content: [{ type: "text", text: "hi" }] });
    await tick();
    expect(sent).toEqual([{ message: { jsonrpc: "2.0", id: 1, result: { content: [{ type: "text", text: "hi" }] } }, related: undefined }]);
  });

  it("answers a failure as the JSON-RPC error the Server would send", async () => {
    const { sent, running, take, tick } = lane();
    take({ id: "a", method: "tools/call", params: { name: "echo" } });
    running[0]!.settle(new GatewayError(ErrorCode.TIMEOUT, 'server "s" did not answer'), true);
    await tick();
    expect(sent[0]!.message).toEqual({ jsonrpc: "2.0", id: "a", error: { code: -32006, message: 'server "s" did not answer', data: { code: "TIMEOUT" } } });
  });

  it("sends progress and questions tied to the call, and carries the client's answers back", async () => {
    const { sent, running, take, tick } = lane();
    take({ id: 7, method: "tools/call", params: { name: "echo" } });
    const { io } = running[0]!;
    await io.notify({ method: "notifications/progress", params: { progressToken: "p", progress: 1 } });
    const answered = io.ask("sampling/createMessage", { messages: [] });
    const refused = io.ask("elicitation/create", { message: "?" });
    const questions = sent.slice(1).map((s) => s.message);
    expect(sent.map((s) => s.related)).toEqual([7, 7, 7]);
    expect(sent[0]!.message).toEqual({ jsonrpc: "2.0", method: "notifications/progress", params: { progressToken: "p", progress: 1 } });
    expect(questions.map((q) => [typeof q.id, q.method])).toEqual([
      ["string", "sampling/createMessage"],
      ["string", "elicitation/create"],
    ]);
    expect(take({ id: questions[0]!.id, result: { model: "m" } })).toBe(true);
    expect(take({ id: questions[1]!.id, error: { code: -1, message: "declined" } })).toBe(true);
    await expect(answered).resolves.toEqual({ model: "m" });
    const error = await refused.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).toJSON()).toEqual({ code: -1, message: "declined" });
    // An answer to a question of the Server's own (a numeric id) is not the lane's.
    expect(take({ id: 0, result: {} })).toBe(false);
    running[0]!.settle({});
    await tick();
  });

  it("aborts a cancelled call with the client's reason and does not answer it", async () => {
    const { sent, running, take, tick } = lane();
    take({ id: 9, method: "tools/call", params: { name: "echo" } });
    const { io, settle } = running[0]!;
    expect(take({ method: "notifications/cancelled", params: { requestId: 9, reason: "the user pressed stop" } })).toBe(true);
    expect(io.signal.aborted).toBe(true);
    expect(io.signal.reason).toBe("the user pressed stop");
    settle(new Error("aborted"), true);
    await tick();
    expect(sent).toEqual([]);
    // A cancellation of a request the lane does not have goes on to the Server.
    expect(take({ method: "notifications/cancelled", params: { requestId: 99 } })).toBe(false);
  });

  it("ends what is in flight when closed, and takes nothing after", async () => {
    const { fast, running, take } = lane();
    take({ id: 1, method: "tools/call", params: { name: "echo" } });
    const question = running[0]!.io.ask("roots/list", undefined).catch((e: unknown) => e);
    fast.close();
    expect(running[0]!.io.signal.aborted).toBe(true);
    expect(await question).toBe("the client's session was closed");
    expect(take({ id: 2, method: "tools/call", params: { name: "echo" } })).toBe(false);
  });

  it("answers a tools/list it has ready, and leaves one it has not to the Server", () => {
    const sent: Sent[] = [];
    let ready: unknown = undefined;
    const asked: Record<string, unknown>[] = [];
    const fast = createFastLane({ accepts: () => false, call: async () => ({}), list: (params) => (asked.push(params), ready) });
    const take = (message: Record<string, unknown>) => fast.take({ jsonrpc: "2.0", ...message }, (m, related) => void sent.push({ message: m, related }));
    expect(take({ id: 1, method: "tools/list" })).toBe(false);
    ready = { tools: [{ name: "echo", inputSchema: { type: "object" } }] };
    expect(take({ id: 2, method: "tools/list", params: { cursor: "NTAw" } })).toBe(true);
    expect(take({ id: 3, method: "tools/list", params: "not an object" })).toBe(false);
    expect(take({ method: "tools/list" })).toBe(false);
    expect(asked).toEqual([{}, { cursor: "NTAw" }]);
    expect(sent).toEqual([{ message: { jsonrpc: "2.0", id: 2, result: ready }, related: undefined }]);
  });
});
