import { describe, expect, it } from "vitest";
import { parseAnswer } from "./http-client.js";
import { createLineRelay } from "./http-floor.mjs";
import { inspectorUrl } from "./inspector-heap.js";
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
    const checks = checkTargets({ stdio: { direct: { ...loop, p50: 0.25, callsPerSecond: 1000 }, relay: { ...loop, p99: 0.4 }, mcpgw: loop, overheadP50Ms: 0.05, throughputRatio: 0.9 } });
    expect(checks.map((c) => [c.target, c.met])).toEqual([
      ["stdio: calls/s ≥ 0.8× the byte relay", true],
      ["stdio: p99 ≤ 2× the byte relay's", false],
    ]);
  });

  it("holds mcpgw's HTTP numbers against both peers and the HTTP floor", () => {
    const cell = (callsPerSecond: number, p50: number) => ({ count: 10, p50, p99: 2 * p50, mean: p50, max: 3 * p50, callsPerSecond, errors: 0, rssMb: 100, processes: 2, rootRssMb: 60 });
    const checks = checkTargets({
      http: {
        byConcurrency: {
          "1": { mcpgw: cell(2000, 0.4), "mcpgw-2026": cell(1500, 0.5), supergateway: cell(1000, 1), "mcp-proxy": cell(500, 0.7), floor: cell(2500, 0.3) },
          "8": { mcpgw: cell(6000, 1), "mcpgw-2026": cell(4000, 1.5), supergateway: cell(1900, 4), "mcp-proxy": cell(2100, 4), floor: cell(13000, 0.5) },
        },
      },
    });
    expect(checks.map((c) => [c.target, c.met, c.measured])).toEqual([
      ["HTTP, 8 sessions: calls/s ≥ 3× mcp-proxy", false, "2.86×"],
      ["HTTP, 8 sessions: calls/s ≥ 3× supergateway", true, "3.16×"],
      ["HTTP, 8 sessions: calls/s ≥ 0.5× the HTTP floor", false, "0.46×"],
      ["HTTP, 1 session: p50 ≤ 0.5× mcp-proxy", false, "0.57×"],
      ["HTTP, 1 session: p50 ≤ 0.5× supergateway", true, "0.40×"],
    ]);
  });

  it("counts memory below the idle baseline after reaping as back within 20 MB", () => {
    const summary = { count: 1, p50: 1, p99: 1, mean: 1, max: 1 };
    const sessions = {
      opened: 2000,
      maxSessions: 1000,
      openMs: 1,
      sessionIdleMs: 600_000,
      baselineMb: 166,
      atCapMb: 140,
      afterOpenMb: 205,
      closedForRoom: 1000,
      reapedWhileOpening: 0,
      freshClient: { status: 200, ms: 12 },
      reaped: true,
      idleWaitMs: 630_000,
      afterIdleWaitMb: 114,
      stillOpenAfterWait: 0,
      afterDeleteMb: 118,
      reaper: "",
    };
    const heap = { sessions: 1000, beforeMb: 20, withSessionsMb: 40, afterEndMb: 21, perSessionKb: 20.48 };
    const checks = checkTargets({ scale: { servers: 50, toolsPerServer: 40, tools: 2000, pages: 4, listKb: 1, firstListMs: 1, list: summary, firstPage: summary, serversStarted: 0, sessions, heap } });
    expect(checks.map((c) => [c.target, c.met])).toEqual([
      ["tools/list with 2000 tools: p50 ≤ 5 ms", true],
      ["RSS after 1000 abandoned sessions ≤ 150 MB", true],
      ["tree RSS with 2000 abandoned sessions ≤ 150 MB", false],
      ["a fresh client after 2000 abandoned sessions is served", true],
      ["RSS after reaping within 20 MB of the idle baseline", true],
    ]);
  });
});

describe("the HTTP floor's relay", () => {
  it("forwards requests with ids of its own and answers each with the client's id back", () => {
    const lines: string[] = [];
    const relay = createLineRelay((line) => lines.push(line));
    const answers: Record<string, unknown>[] = [];
    relay.send({ jsonrpc: "2.0", id: "a", method: "initialize" }, (m) => answers.push(m));
    relay.send({ jsonrpc: "2.0", id: 7, method: "tools/call" }, (m) => answers.push(m));
    relay.send({ jsonrpc: "2.0", method: "notifications/initialized" });
    const sent = lines.map((line) => JSON.parse(line) as { id?: number; method: string });
    expect(sent.map((m) => [m.method, m.id])).toEqual([
      ["initialize", 1],
      ["tools/call", 2],
      ["notifications/initialized", undefined],
    ]);
    expect(relay.pending).toBe(2);

    // Answers arrive out of order and split across chunks; the server's own messages are dropped.
    relay.receive('{"jsonrpc":"2.0","id":2,"result":{"n":2}}\n{"jsonrpc":"2.0","method":"notifications/message","params":{}}\n{"jsonrpc":"2.0","id":1,');
    expect(answers).toEqual([{ jsonrpc: "2.0", id: 7, result: { n: 2 } }]);
    relay.receive('"result":{"n":1}}\n{"jsonrpc":"2.0","id":3,"method":"roots/list"}\n');
    expect(answers).toEqual([
      { jsonrpc: "2.0", id: 7, result: { n: 2 } },
      { jsonrpc: "2.0", id: "a", result: { n: 1 } },
    ]);
    expect(relay.pending).toBe(0);
  });
});

describe("inspector", () => {
  it("finds the WebSocket URL node announces on stderr", () => {
    const stderr = "Debugger listening on ws://127.0.0.1:40123/4b1f0c1e-3a5d-4e0f-9d7c-2a9b8e6f1c3d\nFor help, see: https://nodejs.org/en/docs/inspector\n";
    expect(inspectorUrl(stderr)).toBe("ws://127.0.0.1:40123/4b1f0c1e-3a5d-4e0f-9d7c-2a9b8e6f1c3d");
    expect(inspectorUrl("starting…\n")).toBeUndefined();
  });
});
