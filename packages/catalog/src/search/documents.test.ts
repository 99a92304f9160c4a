import { describe, expect, it } from "vitest";
import { layerCatalogs } from "../layer-catalogs.js";
import { parseCatalog } from "../parse-catalog.js";
import type { Catalog } from "../parse-catalog.js";
import { serverDocumentsOf, toolDocumentsOf } from "./documents.js";

function catalog(text: string, file = "team.yaml"): Catalog {
  const parsed = parseCatalog(text, file);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.value;
}

const TEAM = catalog(`
registry:
  notes:
    type: server
    image: team/notes
    title: Notes
    description: The team's notes.
    metadata:
      category: productivity
      tags: [notes, productivity]
    tools:
      - name: add_note
        description: Adds a note.
        arguments:
          - name: text
            desc: What the note says
          - name: tags
            type: array
      - name: search_notes
        inputSchema:
          type: object
          properties:
            query: { type: string, description: Words to look for }
            limit: { type: number }
      - name: delete_note
        annotations: { title: Delete a note }
        parameters:
          type: object
          properties:
            id: { type: string, description: The note }
  crm:
    type: remote
    remote: { url: "https://crm.example/mcp" }
    title: CRM
`);

describe("toolDocumentsOf", () => {
  it("makes one document per declared tool, with its server's title and description", () => {
    expect(toolDocumentsOf(TEAM)).toEqual([
      {
        server: "notes",
        tool: "add_note",
        description: "Adds a note.",
        arguments: ["text", "What the note says", "tags"],
        serverTitle: "Notes",
        serverDescription: "The team's notes.",
      },
      { server: "notes", tool: "search_notes", arguments: ["query", "Words to look for", "limit"], serverTitle: "Notes", serverDescription: "The team's notes." },
      { server: "notes", tool: "delete_note", title: "Delete a note", arguments: ["id", "The note"], serverTitle: "Notes", serverDescription: "The team's notes." },
    ]);
  });

  it("reads layered catalogs too, the winning entry of each server", () => {
    const override = catalog(
      `
registry:
  notes:
    type: server
    image: team/notes
    title: Notes v2
    tools:
      - name: add_note
`,
      "mine.yaml",
    );
    expect(toolDocumentsOf(layerCatalogs([TEAM, override]))).toEqual([{ server: "notes", tool: "add_note", serverTitle: "Notes v2" }]);
  });
});

describe("serverDocumentsOf", () => {
  it("makes one document per server, declared tools or not, with its tags and category", () => {
    expect(serverDocumentsOf(TEAM)).toEqual([
      { server: "notes", title: "Notes", description: "The team's notes.", tags: ["notes", "productivity"] },
      { server: "crm", title: "CRM" },
    ]);
    expect(serverDocumentsOf(layerCatalogs([TEAM])).map((s) => s.server)).toEqual(["crm", "notes"]);
  });
});
