import type { ToolCall } from "@mcpgw/router";
import { runCall } from "@mcpgw/router";
import { describe, expect, it } from "vitest";
import { createGatewayCallMiddleware } from "./call-middleware.js";
import { parseInterceptor } from "./interceptors/index.js";
import type { CallGuard } from "./secret-guard.js";

/** An exec interceptor running `body` in node with the call as `c`. */
const script = (when: "before" | "after", body: string) =>
  parseInterceptor(`${when}:exec:${JSON.stringify(process.execPath)} -e ${JSON.stringify(`let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const c=JSON.parse(s);${body}})`)}`);

const call = (args: unknown): ToolCall => ({ server: "s", tool: "t", arguments: args, session: "s1", subject: "alice" });

/** A guard that records what it was shown. */
function recordingGuard(): CallGuard & { seen: string[] } {
  const seen: string[] = [];
  return {
    seen,
    arguments: (_c, value) => (seen.push(`arguments ${JSON.stringify(value)}`), value),
    result: (_c, value) => (seen.push(`result ${JSON.stringify(value)}`), value),
  };
}

describe("the gateway's call middleware", () => {
  it("guards the arguments after the before interceptors, and the result after the after interceptors", async () => {
    const guard = recordingGuard();
    const log: unknown[] = [];
    const middleware = createGatewayCallMiddleware({
      interceptors: [script("before", `console.log(JSON.stringify({arguments:{m:c.arguments.m.toUpperCase()}}))`), script("after", `console.log(JSON.stringify({result:{seen:c.arguments,was:c.result}}))`)],
      guard,
      log: (entry) => log.push(entry),
    });
    const the = call({ m: "quiet" });
    const result = await runCall(middleware, the, async () => ({ server: the.arguments }));
    expect(guard.seen).toEqual([`arguments {"m":"QUIET"}`, `result {"seen":{"m":"QUIET"},"was":{"server":{"m":"QUIET"}}}`]);
    expect(result).toEqual({ seen: { m: "QUIET" }, was: { server: { m: "QUIET" } } });
    expect(log).toEqual([expect.objectContaining({ server: "s", tool: "t", session: "s1", subject: "alice", outcome: "ok" })]);
  });

  it("guards both sides when a before interceptor answers, and never calls the server", async () => {
    const guard = recordingGuard();
    const middleware = createGatewayCallMiddleware({ interceptors: [script("before", `console.log(JSON.stringify({result:{answered:true}}))`)], guard });
    let called = false;
    const result = await runCall(middleware, call({ a: 1 }), async () => ((called = true), {}));
    expect(result).toEqual({ answered: true });
    expect(called).toBe(false);
    expect(guard.seen).toEqual([`arguments {"a":1}`, `result {"answered":true}`]);
  });

  it("tells interceptors about the call only, never who made it", async () => {
    const middleware = createGatewayCallMiddleware({ interceptors: [script("before", `console.log(JSON.stringify({result:c}))`)] });
    expect(await runCall(middleware, call({ a: 1 }), async () => ({}))).toEqual({ when: "before", server: "s", tool: "t", arguments: { a: 1 }, session: "s1" });
  });

  it("logs a blocked call as an error with the code the client gets", async () => {
    const log: { outcome: string; errorCode?: number }[] = [];
    const blocking: CallGuard = {
      arguments: () => {
        throw Object.assign(new Error("x"), { name: "not a gateway error" });
      },
      result: (_c, v) => v,
    };
    const middleware = createGatewayCallMiddleware({ guard: blocking, log: (e) => log.push(e) });
    await expect(runCall(middleware, call({}), async () => ({}))).rejects.toThrow("x");
    expect(log).toEqual([expect.objectContaining({ outcome: "error", errorCode: -32603 })]);
  });
});
