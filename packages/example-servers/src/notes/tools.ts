// The notebook's tools, as one definition each: what tools/list answers and what
// `exampleServers` publishes both come from here.
import { z } from "zod";
import { defineTool } from "../tool-definition.js";

const noteId = z.string().min(1).describe('The note\'s id, as add_note and list_notes give it, e.g. "3"');

/** `add_note`: writes a new note. */
export const addNoteTool = defineTool({
  name: "add_note",
  description: "Add a note to the notebook. Returns the new note with its id and its resource URI (note://<id>).",
  input: z.strictObject({
    title: z.string().trim().min(1).max(200).describe("A short title"),
    body: z.string().max(100_000).describe("The note's text; Markdown is fine"),
  }),
});

/** `list_notes`: every note's id, title and URI. */
export const listNotesTool = defineTool({
  name: "list_notes",
  description: "List the notes in the notebook, oldest first: id, title, resource URI and when each was added (no bodies; use get_note).",
  input: z.strictObject({}),
});

/** `get_note`: one note in full. */
export const getNoteTool = defineTool({
  name: "get_note",
  description: "Get one note in full, by id.",
  input: z.strictObject({ id: noteId }),
});

/** `delete_note`: removes a note for good. */
export const deleteNoteTool = defineTool({
  name: "delete_note",
  description: "Delete a note by id. Its id is not reused.",
  input: z.strictObject({ id: noteId }),
});

/** The notebook's tools, in the order tools/list gives them. */
export const notesTools = [addNoteTool, listNotesTool, getNoteTool, deleteNoteTool] as const;
