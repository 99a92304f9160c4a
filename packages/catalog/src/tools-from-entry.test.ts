import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseCatalog } from "./parse-catalog.js";
import { toolsFromEntry } from "./tools-from-entry.js";

const fixture = parseCatalog(readFileSync(new URL("./fixtures/docker-catalog.yaml", import.meta.url), "utf8"), "docker-mcp.yaml");
if (!fixture.ok) throw new Error("the fixture does not parse");
const servers = fixture.value.servers;

describe("toolsFromEntry", () => {
  it("builds a JSON Schema from Docker's arguments: types, descriptions, items, required", () => {
    expect(toolsFromEntry(servers["github-official"]!)).toEqual([
      {
        name: "create_issue",
        description: "Create a new issue in a GitHub repository",
        inputSchema: {
          type: "object",
          properties: {
            owner: { type: "string", description: "Repository owner" },
            repo: { type: "string", description: "Repository name" },
            title: { type: "string", description: "Issue title" },
            labels: { type: "array", items: { type: "string" }, description: "Labels to apply to this issue" },
          },
          required: ["owner", "repo", "title"],
        },
        annotations: { title: "Create issue", readOnlyHint: false, destructiveHint: false },
      },
      {
        name: "get_me",
        description: "Get details of the authenticated GitHub user",
        inputSchema: { type: "object", properties: {} },
        annotations: { readOnlyHint: true },
      },
    ]);
  });

  it("forwards a tool's own inputSchema verbatim, ahead of arguments", () => {
    const inputSchema = { type: "object", properties: { message: { type: "string" } }, required: ["message"] };
    expect(toolsFromEntry(servers.everything!)).toEqual([{ name: "echo", description: "Echoes back the input", inputSchema }]);
    const both = toolsFromEntry({ tools: [{ name: "t", inputSchema, arguments: [{ name: "other" }] }] });
    expect(both[0]?.inputSchema).toEqual(inputSchema);
  });

  it("uses a POCI tool's parameters as its schema", () => {
    expect(toolsFromEntry(servers.curl!)[0]?.inputSchema).toEqual({
      type: "object",
      properties: { args: { type: "string", description: "Arguments to pass to curl" } },
      required: ["args"],
    });
  });

  it("types an untyped argument as text, and leaves out an empty required list", () => {
    const tools = toolsFromEntry({
      tools: [{ name: "search", arguments: [{ name: "query" }, { name: "limit", type: "integer", optional: true }] }],
    });
    expect(tools[0]?.inputSchema).toEqual({
      type: "object",
      properties: { query: { type: "string" }, limit: { type: "integer" } },
      required: ["query"],
    });
    const optional = toolsFromEntry({ tools: [{ name: "t", arguments: [{ name: "a", optional: true }] }] });
    expect(optional[0]?.inputSchema).toEqual({ type: "object", properties: { a: { type: "string" } } });
  });

  it("keeps an argument named __proto__ as a property", () => {
    const schema = toolsFromEntry({ tools: [{ name: "t", arguments: [{ name: "__proto__", type: "number" }] }] })[0]!.inputSchema;
    expect(Object.keys(schema.properties as object)).toEqual(["__proto__"]);
  });

  it("gives no tools for an entry without tools, and copies rather than shares the catalog's objects", () => {
    expect(toolsFromEntry({})).toEqual([]);
    const entry = { tools: [{ name: "t", inputSchema: { type: "object" }, annotations: { readOnlyHint: true } }] };
    const [tool] = toolsFromEntry(entry);
    tool!.inputSchema.type = "changed";
    tool!.annotations!.readOnlyHint = false;
    expect(entry.tools[0]).toEqual({ name: "t", inputSchema: { type: "object" }, annotations: { readOnlyHint: true } });
  });
});
