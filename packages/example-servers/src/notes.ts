// Entry of the notes MCP server: `node dist/notes.js`, or the `mcpgw-example-notes` command.
// With NOTES_FILE set, the notebook is loaded from and saved to that JSON file.
import { NoteStore } from "./notes/note-store.js";
import { createNotesServer } from "./notes/server.js";
import { isEntryPoint, log, packageVersion, runMain, serveOverStdio } from "./stdio-main.js";

/** Serves the notebook over stdio until stdin closes or SIGTERM arrives. */
export function main(): Promise<void> {
  return runMain("mcpgw-example-notes", async () => {
    const version = packageVersion();
    const store = await NoteStore.open({ file: process.env.NOTES_FILE });
    if (store.file !== undefined) log(`notes are saved in ${store.file}`);
    serveOverStdio({ createServer: () => createNotesServer(store, version), onShutdown: () => store.flush() });
  });
}

if (isEntryPoint(import.meta.url)) await main();
