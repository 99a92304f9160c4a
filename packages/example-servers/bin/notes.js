#!/usr/bin/env node
// The `mcpgw-example-notes` command: the notes MCP server over stdio (NOTES_FILE to persist).
import { main } from "../dist/notes.js";

await main();
