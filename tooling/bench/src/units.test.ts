import { describe, expect, it } from "vitest";
import { parseAnswer } from "./http-client.js";
import { packageOf, summarizeProfile } from "./profile.js";
import { table } from "./report.js";
import { quantile, summarize } from "./stats.js";
import { checkTargets } from "./targets.js";

describe("stats", () => {
  it("takes nearest-rank quantiles", () => {
    const sorted = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    expect(quantile(sorted, 0.5)).toBe(50);
    expect(quantile(sorted, 0.99)).toBe(99);
    expect(summarize([3, 1, 2])).toMatchObject({ count: 3, p50: 2, max: 3, mean: 2 });
    expect(summarize([]).p50).toBeNaN();
  });
});

describe("parseAnswer", () => {
  it("finds the response in a JSON body", () => {
    expect(parseAnswer('{"jsonrpc":"2.0","id":3,"result":{"ok":true}}', 3, "application/json")?.result).toEqual({ ok: true });
  });

  it("finds the response among an SSE stream's events, skipping notifications", () => {
    const body = [
      "event: message",
      'data: {"jsonrpc":"2.0","method":"notifications/message","params":{"id":7}}',
      "",
      "id: abc",
      "event: message",
      'data: {"jsonrpc":"2.0","id":7,"result":{"content":[]}}',
      "",
    ].join("\n");
    expect(parseAnswer(body, 7, "text/event-stream")?.result).toEqual({ content: [] });
    expect(parseAnswer(body, 8, "text/event-stream")).toBeUndefined();
  });
});

describe("profiles", () => {
  it("names the package a frame belongs to", () => {
    expect(packageOf("file:///r/node_modules/.pnpm/zod@4/node_modules/zod/v4/core.js", "parse")).toBe("zod");
    expect(packageOf("file:///r/node_modules/.pnpm/x/node_modules/@hono/node-server/dist/index.js", "f")).toBe("@hono/node-server");
    expect(packageOf("file:///r/packages/router/dist/router.js", "f")).toBe("mcpgw packages/router");
    expect(packageOf("node:internal/streams/readable", "f")).toBe("node: (Node.js internals)");
    expect(packageOf("", "(garbage collector)")).toBe("(garbage collector)");
  });

  it("sums self time per function, leaving idle time out of the busy share", () => {
    const frame = (functionName: string, url = "") => ({ functionName, url, lineNumber: 0 });
    const summary = summarizeProfile({
      nodes: [
        { id: 1, callFrame: frame("(root)") },
        { id: 2, callFrame: frame("(idle)") },
        { id: 3, callFrame: frame("parse", "file:///r/node_modules/zod/index.js") },
      ],
      samples: [2, 3, 3, 2],
      timeDeltas: [1000, 3000, 1000, 5000],
    });
    expect(summary).toMatchObject({ totalMs: 10, busyMs: 4 });
    expect(summary.topFunctions[0]).toEqual({ name: "parse zod/index.js:1", ms: 4, percent: 100 });
  });
});

describe("report", () => {
  it("pads columns", () => {
    expect(table(["a", "bb"], [["xyz", "1"]])).toBe("a    bb\n---  --\nxyz   1");
  });

  it("checks a target only when its section ran", () => {
    const loop = { count: 10, p50: 0.3, p99: 1, mean: 0.4, max: 2, callsPerSecond: 900, errors: 0 };
    const checks = checkTargets({ stdio: { direct: { ...loop, p50: 0.25, callsPerSecond: 1000 }, relay: loop, mcpgw: loop, overheadP50Ms: 0.05, throughputRatio: 0.9 } });
    expect(checks.map((c) => [c.section, c.met])).toEqual([
      ["stdio", true],
      ["stdio", true],
    ]);
  });

  it("counts memory below the idle baseline after reaping as back within 20 MB", () => {
    const summary = { count: 1, p50: 1, p99: 1, mean: 1, max: 1 };
    const sessions = {
      opened: 2000,
      maxSessions: 1000,
      openMs: 1,
      baselineMb: 166,
      atCapMb: 140,
      afterOpenMb: 205,
      freshClient: { status: 200, ms: 12 },
      afterIdleWaitMb: 114,
      idleWaitMs: 630_000,
      stillOpenAfterWait: 0,
      reaped: true,
      afterDeleteMb: 118,
      reaper: "",
    };
    const checks = checkTargets({ scale: { servers: 50, toolsPerServer: 40, tools: 2000, pages: 4, listKb: 1, firstListMs: 1, list: summary, firstPage: summary, serversStarted: 0, sessions } });
    expect(checks.map((c) => [c.target, c.met])).toEqual([
      ["tools/list with 2000 tools: p50 ≤ 5 ms", true],
      ["RSS after 1000 abandoned sessions ≤ 150 MB", true],
      ["tree RSS with 2000 abandoned sessions ≤ 150 MB", false],
      ["a fresh client after 2000 abandoned sessions is served", true],
      ["RSS after reaping within 20 MB of the idle baseline", true],
    ]);
  });
});
