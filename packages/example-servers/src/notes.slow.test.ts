// End to end: the BUILT notes server as a child process, behind the v1 SDK client.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { McpError, ResourceListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { builtServer, connect, startProcess, type ConnectedServer } from "./testing/run-server.js";

const structured = (result: unknown) => (result as { structuredContent: Record<string, unknown> }).structuredContent;
const text = (result: unknown) => (result as { content: [{ text: string }] }).content[0].text;

describe("notes over stdio (v1 client)", () => {
  let server: ConnectedServer;
  const call = (name: string, args: Record<string, unknown> = {}) => server.client.callTool({ name, arguments: args });

  beforeAll(async () => {
    server = await connect("notes");
  });
  afterAll(async () => {
    await server?.client.close();
  });

  it("introduces itself with tools, resources and prompts", () => {
    expect(server.client.getServerVersion()).toMatchObject({ name: "mcpgw-example-notes", title: "Notes" });
    expect(server.client.getServerCapabilities()).toMatchObject({ tools: {}, resources: { listChanged: true }, prompts: {} });
  });

  it("lists exactly the tools exampleServers publishes", async () => {
    const { tools } = await server.client.listTools();
    expect(tools).toStrictEqual(structuredClone(builtServer("notes").tools));
  });

  it("adds, lists, gets and deletes notes", async () => {
    const added = structured(await call("add_note", { title: "Groceries", body: "- milk\n- bread" }));
    expect(added).toMatchObject({ id: "1", title: "Groceries", body: "- milk\n- bread", uri: "note://1" });
    expect(Date.parse(added.created_at as string)).not.toBeNaN();
    await call("add_note", { title: "  Ideas  ", body: "a gateway for MCP" });

    const listed = structured(await call("list_notes"));
    expect(listed).toEqual({
      notes: [
        { id: "1", title: "Groceries", uri: "note://1", created_at: added.created_at },
        { id: "2", title: "Ideas", uri: "note://2", created_at: expect.any(String) },
      ],
    });
    expect(structured(await call("get_note", { id: "2" }))).toMatchObject({ id: "2", title: "Ideas", body: "a gateway for MCP" });

    expect(structured(await call("delete_note", { id: "1" }))).toEqual({ deleted: { id: "1", title: "Groceries", uri: "note://1" } });
    const gone = await call("get_note", { id: "1" });
    expect(gone.isError).toBe(true);
    expect(text(gone)).toMatch(/No note has id "1"/);
    expect((structured(await call("list_notes")).notes as unknown[]).length).toBe(1);
  });

  it("makes each note a resource note://<id>", async () => {
    const { resources } = await server.client.listResources();
    expect(resources).toEqual([
      { uri: "note://2", name: "Ideas", title: "Ideas", description: "A note in the notebook, as Markdown", mimeType: "text/markdown" },
    ]);
    const { contents } = await server.client.readResource({ uri: "note://2" });
    expect(contents).toEqual([{ uri: "note://2", mimeType: "text/markdown", text: "# Ideas\n\na gateway for MCP\n" }]);
    const { resourceTemplates } = await server.client.listResourceTemplates();
    expect(resourceTemplates).toMatchObject([{ name: "note", uriTemplate: "note://{id}" }]);
  });

  it("answers a read of a missing note with a JSON-RPC error", async () => {
    const error = await server.client.readResource({ uri: "note://404" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(McpError);
    expect((error as McpError).message).toMatch(/No note has id "404"/);
  });

  it("sends resources/list_changed when notes are added or deleted", async () => {
    let changes = 0;
    let notify: () => void = () => {};
    server.client.setNotificationHandler(ResourceListChangedNotificationSchema, () => {
      changes++;
      notify();
    });
    const next = () => new Promise<void>((resolve) => (notify = resolve));
    const afterAdd = next();
    const added = structured(await call("add_note", { title: "Ping", body: "" }));
    await afterAdd;
    const afterDelete = next();
    await call("delete_note", { id: added.id });
    await afterDelete;
    await call("get_note", { id: "2" }); // not a change
    expect(changes).toBe(2);
  });

  it("offers a summarize_notes prompt that carries the notes", async () => {
    const { prompts } = await server.client.listPrompts();
    expect(prompts).toMatchObject([{ name: "summarize_notes", arguments: [{ name: "focus", required: false }] }]);
    const prompt = await server.client.getPrompt({ name: "summarize_notes", arguments: { focus: "next steps" } });
    expect(prompt.messages).toHaveLength(1);
    expect(prompt.messages[0]).toMatchObject({ role: "user", content: { type: "text" } });
    const body = (prompt.messages[0]?.content as { text: string }).text;
    expect(body).toContain("Concentrate on: next steps.");
    expect(body).toContain("--- note 2");
    expect(body).toContain("a gateway for MCP");
    expect(body).not.toContain("Groceries");
  });

  it("answers bad arguments with a tool error", async () => {
    for (const [name, args, message] of [
      ["add_note", { title: "", body: "x" }, /title/],
      ["add_note", { title: "no body" }, /body/],
      ["get_note", { id: 2 }, /expected string/],
      ["delete_note", { id: "999" }, /No note has id "999"/],
    ] as const) {
      const result = await call(name, args);
      expect(result.isError, `${name} ${JSON.stringify(args)}`).toBe(true);
      expect(text(result)).toMatch(message);
    }
  });
});

describe("notes with NOTES_FILE", () => {
  let dir: string;
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("keeps notes across two runs of the server", async () => {
    dir = await mkdtemp(join(tmpdir(), "notes-e2e-"));
    const file = join(dir, "data", "notes.json");

    const first = await connect("notes", { NOTES_FILE: file });
    await first.client.callTool({ name: "add_note", arguments: { title: "Remember", body: "persist me" } });
    await first.client.callTool({ name: "add_note", arguments: { title: "Forget", body: "delete me" } });
    await first.client.callTool({ name: "delete_note", arguments: { id: "2" } });
    await first.client.close();
    expect(first.stderr()).toContain(`notes are saved in ${file}`);
    expect(JSON.parse(await readFile(file, "utf8"))).toMatchObject({ version: 1, next_id: 3, notes: [{ id: "1", title: "Remember" }] });

    const second = await connect("notes", { NOTES_FILE: file });
    try {
      const listed = structured(await second.client.callTool({ name: "list_notes", arguments: {} }));
      expect(listed.notes).toMatchObject([{ id: "1", title: "Remember" }]);
      const { contents } = await second.client.readResource({ uri: "note://1" });
      expect(contents[0]).toMatchObject({ text: "# Remember\n\npersist me\n" });
      const added = structured(await second.client.callTool({ name: "add_note", arguments: { title: "Third", body: "" } }));
      expect(added.id).toBe("3"); // deleted ids do not come back, across runs too
    } finally {
      await second.client.close();
    }
  });

  it("refuses to start on a NOTES_FILE that is not a notes file, and leaves it alone", async () => {
    dir = await mkdtemp(join(tmpdir(), "notes-e2e-"));
    const file = join(dir, "notes.json");
    await writeFile(file, "my precious unrelated data");
    const bad = startProcess("notes", { NOTES_FILE: file });
    expect(await bad.exited).toEqual({ code: 1, signal: null });
    expect(bad.stderr()).toMatch(/^mcpgw-example-notes: NOTES_FILE .* is not JSON/);
    expect(bad.stdoutLines()).toEqual([]);
    expect(await readFile(file, "utf8")).toBe("my precious unrelated data");
  });
});
