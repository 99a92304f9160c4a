// serveStdio in-process over a pair of streams, with raw newline-delimited JSON-RPC.
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { eventually, MODERN_META } from "../testing/raw-http.js";
import { createTestSessionFactory } from "../testing/test-session-factory.js";
import { serveStdio } from "./stdio.js";

interface Line {
  id?: number | string;
  method?: string;
  result?: Record<string, unknown>;
  error?: { code: number };
  params?: Record<string, unknown>;
}

function wire() {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const lines: Line[] = [];
  let buffer = "";
  stdout.on("data", (chunk: Buffer) => {
    buffer += chunk.toString("utf8");
    let newline: number;
    while ((newline = buffer.indexOf("\n")) >= 0) {
      lines.push(JSON.parse(buffer.slice(0, newline)) as Line);
      buffer = buffer.slice(newline + 1);
    }
  });
  const send = (message: object) => stdin.write(`${JSON.stringify({ jsonrpc: "2.0", ...message })}\n`);
  const answer = async (id: number | string) => {
    await eventually(() => lines.some((line) => line.id === id && line.method === undefined), `the answer to ${id}`);
    return lines.find((line) => line.id === id && line.method === undefined) as Line;
  };
  return { stdin, stdout, lines, send, answer };
}

describe("serveStdio", () => {
  it("serves a 2025-11-25 session, passes the Server's notifications, and ends with stdin", async () => {
    const factory = createTestSessionFactory();
    const io = wire();
    const session = serveStdio(factory, { stdin: io.stdin, stdout: io.stdout });
    io.send({ id: 1, method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "0" } } });
    expect((await io.answer(1)).result).toMatchObject({ protocolVersion: "2025-11-25" });
    io.send({ method: "notifications/initialized" });
    io.send({ id: 2, method: "tools/call", params: { name: "echo", arguments: { message: "piped" } } });
    expect((await io.answer(2)).result).toEqual({ content: [{ type: "text", text: "echo: piped" }] });
    expect(factory.sessions).toEqual([expect.objectContaining({ transport: "stdio", era: "2025-11-25" })]);

    const id = factory.sessions[0]?.id ?? "";
    await factory.servers.get(id)?.sendToolListChanged();
    await eventually(() => io.lines.some((line) => line.method === "notifications/tools/list_changed"), "tools/list_changed on stdout");

    io.stdin.end();
    await session.closed;
    expect(factory.closed).toEqual([id]);
  });

  it("serves the 2026-07-28 era and routes the Server's change notifications to subscriptions/listen", async () => {
    const factory = createTestSessionFactory();
    const io = wire();
    const session = serveStdio(factory, { stdin: io.stdin, stdout: io.stdout });
    io.send({ id: 1, method: "server/discover", params: { _meta: MODERN_META } });
    expect((await io.answer(1)).result).toMatchObject({ supportedVersions: ["2026-07-28"] });
    io.send({ id: "listen-1", method: "subscriptions/listen", params: { notifications: { toolsListChanged: true }, _meta: MODERN_META } });
    await eventually(() => io.lines.some((line) => line.method === "notifications/subscriptions/acknowledged"), "the subscription to be acknowledged");
    io.send({ id: 2, method: "tools/call", params: { name: "echo", arguments: { message: "modern" }, _meta: MODERN_META } });
    expect((await io.answer(2)).result).toMatchObject({ content: [{ type: "text", text: "echo: modern" }] });
    expect(factory.sessions.at(-1)).toMatchObject({ transport: "stdio", era: "2026-07-28" });

    const id = factory.sessions.at(-1)?.id ?? "";
    await factory.servers.get(id)?.sendToolListChanged();
    await eventually(() => io.lines.some((line) => line.method === "notifications/tools/list_changed"), "tools/list_changed on the subscription");

    await session.close();
    expect(factory.closed).toEqual(factory.sessions.map((info) => info.id));
  });
});
