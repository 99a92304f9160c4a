import { isAbsolute, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import * as api from "./index.js";
import { exampleServers } from "./index.js";

const packageDir = fileURLToPath(new URL("..", import.meta.url));

describe("@mcpgw/example-servers public API", () => {
  it("exports exactly these runtime names", () => {
    expect(Object.keys(api).sort()).toEqual(["exampleServers"]);
  });

  it("describes clock and notes, each with its built entry script", () => {
    expect(exampleServers.map((server) => server.name)).toEqual(["clock", "notes"]);
    for (const server of exampleServers) {
      expect(isAbsolute(server.entry)).toBe(true);
      expect(server.entry).toBe(join(packageDir, "dist", `${server.name}.js`));
      expect(server.title).not.toBe("");
      expect(server.description).not.toBe("");
    }
  });

  it("lists each server's tools as MCP tool metadata", () => {
    const names = Object.fromEntries(exampleServers.map((server) => [server.name, server.tools.map((tool) => tool.name)]));
    expect(names).toEqual({ clock: ["now", "convert_time", "add_duration"], notes: ["add_note", "list_notes", "get_note", "delete_note"] });
    for (const tool of exampleServers.flatMap((server) => server.tools)) {
      expect(Object.keys(tool).sort()).toEqual(["description", "inputSchema", "name"]);
      expect(tool.name).toMatch(/^[A-Za-z0-9_.-]{1,64}$/);
      expect(tool.inputSchema).toMatchObject({ type: "object", additionalProperties: false });
      expect(tool.inputSchema).not.toHaveProperty("$schema");
    }
  });

  it("publishes schemas a caller can rely on", () => {
    const tool = (server: string, name: string) =>
      exampleServers.find((candidate) => candidate.name === server)?.tools.find((candidate) => candidate.name === name);
    expect(tool("clock", "now")?.inputSchema).toEqual({
      type: "object",
      properties: { timezone: expect.objectContaining({ type: "string", default: "UTC" }) },
      additionalProperties: false,
    });
    expect(tool("notes", "add_note")?.inputSchema).toMatchObject({ required: ["title", "body"] });
    expect(tool("notes", "list_notes")?.inputSchema).toEqual({ type: "object", properties: {}, additionalProperties: false });
  });

  it("cannot be changed by a consumer", () => {
    const [clock] = exampleServers;
    expect(Object.isFrozen(exampleServers)).toBe(true);
    expect(Object.isFrozen(clock?.tools[0]?.inputSchema)).toBe(true);
    expect(() => (clock?.tools as unknown[]).push({})).toThrow(TypeError);
  });
});
