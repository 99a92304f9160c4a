// Every export of this file is public API of @mcpgw/transports/stdio: change it deliberately.
// Serving one MCP session over the process's own stdin/stdout (Node only).
export { serveStdio } from "./serve/stdio.js";
export type { ServeStdioOptions, StdioSession } from "./serve/stdio.js";
export type { SessionFactory } from "./serve/session-factory.js";
