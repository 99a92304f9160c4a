import { McpServer, ResourceNotFoundError, ResourceTemplate, type GetPromptResult } from "@modelcontextprotocol/server";
import { z } from "zod";
import { jsonResult, registerTool } from "../register-tool.js";
import { ToolInputError } from "../tool-definition.js";
import type { Note, NoteStore } from "./note-store.js";
import { addNoteTool, deleteNoteTool, getNoteTool, listNotesTool } from "./tools.js";

/** The URI of a note as a resource. */
export function noteUri(id: string): string {
  return `note://${id}`;
}

/**
 * The notes MCP server (v2 SDK: it runs on Node 20 over stdio and serves both protocol eras).
 * Instances share `store`; each tells its client `notifications/resources/list_changed` when
 * notes are added or deleted, until its connection closes.
 */
export function createNotesServer(store: NoteStore, version: string): McpServer {
  const server = new McpServer(
    { name: "mcpgw-example-notes", title: "Notes", version },
    {
      instructions:
        "A notebook: add, list, read and delete notes with the tools; each note is also the resource note://<id>. The summarize_notes prompt asks for a summary of them all.",
    },
  );

  registerTool(server, addNoteTool, async (args) => jsonResult(withUri(await store.add(args))));
  registerTool(server, listNotesTool, () =>
    jsonResult({ notes: store.list().map(({ id, title, created_at }) => ({ id, title, uri: noteUri(id), created_at })) }),
  );
  registerTool(server, getNoteTool, ({ id }) => jsonResult(withUri(existing(store.get(id), id))));
  registerTool(server, deleteNoteTool, async ({ id }) => {
    const note = existing(await store.delete(id), id);
    return jsonResult({ deleted: { id: note.id, title: note.title, uri: noteUri(note.id) } });
  });

  server.registerResource(
    "note",
    new ResourceTemplate("note://{id}", {
      // Each resource's own title must override the template's ("Note"), or clients would show
      // every note under the same name.
      list: () => ({
        resources: store.list().map((note) => ({ uri: noteUri(note.id), name: note.title, title: note.title, mimeType: "text/markdown" })),
      }),
    }),
    { title: "Note", description: "A note in the notebook, as Markdown", mimeType: "text/markdown" },
    (uri, variables) => {
      const id = String(variables.id);
      const note = store.get(id);
      if (!note) throw new ResourceNotFoundError(uri.href, `No note has id "${id}"`);
      return { contents: [{ uri: noteUri(note.id), mimeType: "text/markdown", text: markdown(note) }] };
    },
  );

  server.registerPrompt(
    "summarize_notes",
    {
      title: "Summarize notes",
      description: "Ask for a summary of every note in the notebook, optionally with a focus.",
      argsSchema: z.object({ focus: z.string().optional().describe("What the summary should concentrate on") }),
    },
    ({ focus }) => summarizePrompt(store.list(), focus),
  );

  const stopListening = store.onChange(() => server.sendResourceListChanged());
  server.server.onclose = stopListening;
  return server;
}

function existing(note: Note | undefined, id: string): Note {
  if (!note) throw new ToolInputError(`No note has id "${id}"; list_notes gives the ids there are`);
  return note;
}

function withUri(note: Note): Note & { uri: string } {
  return { ...note, uri: noteUri(note.id) };
}

function markdown(note: Note): string {
  return `# ${note.title}\n\n${note.body}\n`;
}

function summarizePrompt(notes: readonly Note[], focus: string | undefined): GetPromptResult {
  const focusLine = focus?.trim() ? ` Concentrate on: ${focus.trim()}.` : "";
  const text =
    notes.length === 0
      ? "The notebook has no notes yet. Say so, and suggest adding one with the add_note tool."
      : [
          `Summarize these ${notes.length} notes from my notebook. Group related notes, keep each point short, and cite notes by id like [note 3].${focusLine}`,
          ...notes.map((note) => `--- note ${note.id} (added ${note.created_at}) ---\n${markdown(note)}`),
        ].join("\n\n");
  return {
    description: notes.length === 0 ? "No notes to summarize" : `Summary of ${notes.length} notes`,
    messages: [{ role: "user", content: { type: "text", text } }],
  };
}
