import type { ToolCall } from "@mcpgw/router";
import { runCall } from "@mcpgw/router";
import { context, trace } from "@opentelemetry/api";
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tracedMiddleware } from "./traced-middleware.js";

const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

beforeAll(() => provider.register());
afterAll(async () => {
  await provider.shutdown();
  trace.disable();
  context.disable();
});

const call = (): ToolCall => ({ server: "weather", tool: "get_weather", arguments: { city: "Oslo" }, session: "s1" });

describe("tracedMiddleware", () => {
  it("gives each step a span of its own work, a child of the call's, and runs the rest in the call's context", async () => {
    exporter.reset();
    const order: string[] = [];
    const before = tracedMiddleware("check arguments", "arguments", async (_call, next) => (order.push("before"), next()));
    const after = tracedMiddleware("check result", "result", async (_call, next) => {
      const result = await next();
      order.push("after");
      return result;
    });
    const root = trace.getTracer("test").startSpan("tools/call get_weather");
    let serverParent: string | undefined;
    await context.with(trace.setSpan(context.active(), root), () =>
      runCall([after, before], call(), async () => {
        serverParent = trace.getActiveSpan()?.spanContext().spanId;
        order.push("server");
        return { content: [] };
      }),
    );
    root.end();
    expect(order).toEqual(["before", "server", "after"]);
    expect(serverParent).toBe(root.spanContext().spanId);
    const spans = exporter.getFinishedSpans();
    const named = (name: string) => spans.find((s) => s.name === name)!;
    for (const name of ["check arguments", "check result"]) {
      expect(named(name).parentSpanContext?.spanId).toBe(root.spanContext().spanId);
      expect(named(name).attributes).toEqual({ "mcpgw.server": "weather", "gen_ai.tool.name": "get_weather" });
    }
    // The arguments' check ended before the server was asked; the result's began after it answered.
    const ns = (time: [number, number]) => BigInt(time[0]) * 1_000_000_000n + BigInt(time[1]);
    expect(ns(named("check arguments").endTime) <= ns(named("check result").startTime)).toBe(true);
  });

  it("marks the span of a step that fails the call with the error's code", async () => {
    exporter.reset();
    const blocked = Object.assign(new Error("blocked"), { code: "SECRET_BLOCKED" });
    const guard = tracedMiddleware("guard", "arguments", async () => {
      throw blocked;
    });
    await expect(runCall([guard], call(), async () => ({}))).rejects.toBe(blocked);
    const [span] = exporter.getFinishedSpans();
    expect(span?.attributes["error.type"]).toBe("SECRET_BLOCKED");
    expect(span?.status.code).toBe(2);
  });

  it("leaves a failure of the server that a step only passes on out of the step's span", async () => {
    exporter.reset();
    const failed = Object.assign(new Error("the server exited"), { code: "SERVER_EXITED" });
    const check = tracedMiddleware("check result", "result", (_call, next) => next());
    await expect(
      runCall([check], call(), async () => {
        throw failed;
      }),
    ).rejects.toBe(failed);
    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe("check result");
    expect(span?.attributes["error.type"]).toBeUndefined();
    expect(span?.status.code).toBe(0);
  });
});
