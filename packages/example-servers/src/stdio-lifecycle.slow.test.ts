// End to end, below the SDK client: raw stdio of the BUILT servers, how they end, both eras.
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CLIENT_CAPABILITIES_META_KEY, CLIENT_INFO_META_KEY, PROTOCOL_VERSION_META_KEY } from "@modelcontextprotocol/server";
import { within } from "@mcpgw/tooling/testing";
import { describe, expect, it } from "vitest";
import { builtServer, initializeRequest, startProcess } from "./testing/run-server.js";

/** A server that exits on its own when stdin closes does so in well under this, even on a busy machine. */
const EXIT_DEADLINE_MS = 15_000;

const names = ["clock", "notes"] as const;

describe.each(names)("%s process", (name) => {
  it("writes nothing but JSON-RPC to stdout and exits with 0 when stdin closes", async () => {
    const server = startProcess(name);
    server.send(initializeRequest(1));
    expect(await server.response(1)).toMatchObject({ result: { protocolVersion: "2025-11-25" } });
    server.send({ jsonrpc: "2.0", method: "notifications/initialized" });
    server.send({ jsonrpc: "2.0", id: 2, method: "tools/list" });
    expect(await server.response(2)).toMatchObject({ result: { tools: structuredClone(builtServer(name).tools) } });
    server.send({ jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "no_such_tool", arguments: {} } });
    expect(await server.response(3)).toMatchObject({ error: { code: -32602 } });

    server.child.stdin.end();
    expect(await within(server.exited, "the process to exit after its stdin closed", EXIT_DEADLINE_MS)).toEqual({ code: 0, signal: null });
    for (const line of server.stdoutLines()) expect(JSON.parse(line)).toMatchObject({ jsonrpc: "2.0" });
    expect(server.stderr()).toBe("");
  });

  it("handles SIGTERM: closes and exits with 0", async () => {
    const server = startProcess(name);
    server.send(initializeRequest(1));
    await server.response(1);
    server.child.kill("SIGTERM");
    expect(await server.exited).toEqual({ code: 0, signal: null });
  });

  it("serves the 2026-07-28 era too, with the same tools", async () => {
    const server = startProcess(name);
    const _meta = {
      [PROTOCOL_VERSION_META_KEY]: "2026-07-28",
      [CLIENT_CAPABILITIES_META_KEY]: {},
      [CLIENT_INFO_META_KEY]: { name: "raw-test", version: "0.0.0" },
    };
    server.send({ jsonrpc: "2.0", id: 1, method: "server/discover", params: { _meta } });
    expect(await server.response(1)).toMatchObject({ result: { supportedVersions: ["2026-07-28"], capabilities: { tools: {} } } });
    server.send({ jsonrpc: "2.0", id: 2, method: "tools/list", params: { _meta } });
    const { result } = (await server.response(2)) as { result: { tools: unknown[] } };
    expect(result.tools).toStrictEqual(structuredClone(builtServer(name).tools));
    server.child.stdin.end();
    expect(await server.exited).toEqual({ code: 0, signal: null });
  });

  it(`runs from its bin script (mcpgw-example-${name})`, async () => {
    const bin = fileURLToPath(new URL(`../bin/${name}.js`, import.meta.url));
    const child = spawn(process.execPath, [bin], { stdio: ["pipe", "pipe", "inherit"] });
    const firstLine = new Promise<string>((resolve) => {
      let out = "";
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString("utf8");
        if (out.includes("\n")) resolve(out.slice(0, out.indexOf("\n")));
      });
    });
    child.stdin.write(`${JSON.stringify(initializeRequest(1))}\n`);
    expect(JSON.parse(await firstLine)).toMatchObject({ id: 1, result: { serverInfo: { name: `mcpgw-example-${name}` } } });
    const exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
    child.stdin.end();
    expect(await exited).toEqual({ code: 0, signal: null });
  });
});

describe("notes process with NOTES_FILE", () => {
  it("has saved a note it answered for when SIGTERM arrives", async () => {
    const dir = await mkdtemp(join(tmpdir(), "notes-sigterm-"));
    try {
      const file = join(dir, "notes.json");
      const server = startProcess("notes", { NOTES_FILE: file });
      server.send(initializeRequest(1));
      await server.response(1);
      server.send({ jsonrpc: "2.0", method: "notifications/initialized" });
      server.send({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "add_note", arguments: { title: "t", body: "b" } } });
      expect(await server.response(2)).toMatchObject({ result: { structuredContent: { id: "1" } } });
      server.child.kill("SIGTERM");
      expect(await server.exited).toEqual({ code: 0, signal: null });
      expect(JSON.parse(await readFile(file, "utf8"))).toMatchObject({ notes: [{ id: "1", title: "t", body: "b" }] });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
