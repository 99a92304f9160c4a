import { describe, expect, it } from "vitest";
import type { CallMiddleware, ToolCall } from "./call-pipeline.js";
import { runCall } from "./call-pipeline.js";

const call = (): ToolCall => ({ server: "s", tool: "t", arguments: { n: 1 }, session: "s1" });

describe("runCall", () => {
  it("runs the server alone when there is no middleware", async () => {
    expect(await runCall([], call(), async () => "result")).toBe("result");
  });

  it("lets a middleware replace the result, or fail the call before the server", async () => {
    let reached = false;
    const wrap: CallMiddleware = async (_c, next) => ({ wrapped: await next() });
    expect(await runCall([wrap], call(), async () => "inner")).toEqual({ wrapped: "inner" });
    const refuse: CallMiddleware = async () => {
      throw new Error("refused");
    };
    await expect(
      runCall([refuse], call(), async () => {
        reached = true;
        return "x";
      }),
    ).rejects.toThrow("refused");
    expect(reached).toBe(false);
  });

  it("does not call the server when a middleware answered", async () => {
    const answer: CallMiddleware = async (c, next) => {
      c.answer = "early";
      return next();
    };
    let reached = false;
    expect(await runCall([answer], call(), async () => ((reached = true), "server"))).toBe("early");
    expect(reached).toBe(false);
  });

  it("shares one call object, so an outer middleware sees after next() what inner ones changed", async () => {
    let seenAfter: unknown;
    const outer: CallMiddleware = async (c, next) => {
      const result = await next();
      seenAfter = c.arguments;
      return result;
    };
    const inner: CallMiddleware = async (c, next) => {
      c.arguments = { n: 2 };
      return next();
    };
    const the = call();
    await runCall([outer, inner], the, async () => the.arguments);
    expect(seenAfter).toEqual({ n: 2 });
  });
});
