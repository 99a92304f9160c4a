// serveStdio in a real child process, driven by the SDK's stdio clients of both lines.
import { createRequire } from "node:module";
import type { Stream } from "node:stream";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Client as ClientV2 } from "@modelcontextprotocol/client";
import { StdioClientTransport as StdioV2 } from "@modelcontextprotocol/client/stdio";
import { Client as ClientV1 } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport as StdioV1 } from "@modelcontextprotocol/sdk/client/stdio.js";
import { describe, expect, it } from "vitest";
import { eventually } from "../testing/raw-http.js";
import { progressIn, tapMessages } from "../testing/serve-clients.js";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const script = join(packageDir, "src", "testing", "stdio-server.ts");
const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
const serverParams = { command: process.execPath, args: ["--conditions=@mcpgw/source", "--import", tsx, script], cwd: packageDir, stderr: "pipe" as const };

function collect(stream: Stream | null): () => string {
  let text = "";
  stream?.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
  return () => text;
}

describe("serveStdio in a child process", () => {
  it("serves a v1 client: lists, calls, reports progress; ends when stdin closes", async () => {
    const transport = new StdioV1(serverParams);
    const stderr = collect(transport.stderr);
    const client = new ClientV1({ name: "v1-stdio", version: "0.0.0" });
    try {
      await client.connect(transport);
      expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(["echo", "count", "wait", "ask_model"]);
      expect((await client.callTool({ name: "echo", arguments: { message: "stdio" } })).content).toEqual([{ type: "text", text: "echo: stdio" }]);
      const seen = tapMessages(transport);
      const result = await client.callTool({ name: "count", arguments: { steps: 2 } }, undefined, { onprogress: () => {} });
      expect(result.content).toEqual([{ type: "text", text: "counted to 2" }]);
      expect(progressIn(seen)).toEqual([1, 2]);
      expect(stderr()).toMatch(/^session stdio 2025-11-25 \S+$/m);
    } finally {
      await client.close();
    }
    await eventually(() => stderr().includes("stdio ended"), "the server to end with its stdin");
    const id = /^session stdio \S+ (\S+)$/m.exec(stderr())?.[1];
    expect(stderr()).toContain(`closed ${id}`);
    expect(stderr().indexOf(`closed ${id}`)).toBeLessThan(stderr().indexOf("stdio ended"));
  }, 60_000);

  it("serves a v2 client on the 2026-07-28 era", async () => {
    const transport = new StdioV2(serverParams);
    const stderr = collect(transport.stderr);
    const client = new ClientV2({ name: "v2-stdio", version: "0.0.0" }, { versionNegotiation: { mode: "auto" } });
    try {
      await client.connect(transport);
      expect(client.getProtocolEra()).toBe("modern");
      expect((await client.listTools()).tools.map((tool) => tool.name)).toContain("echo");
      expect((await client.callTool({ name: "echo", arguments: { message: "modern stdio" } })).content).toEqual([{ type: "text", text: "echo: modern stdio" }]);
      expect(stderr()).toMatch(/^session stdio 2026-07-28 /m);
    } finally {
      await client.close();
    }
  }, 60_000);
});
