// Entry of the clock MCP server: `node dist/clock.js`, or the `mcpgw-example-clock` command.
import { createClockServer } from "./clock/server.js";
import { isEntryPoint, packageVersion, runMain, serveOverStdio } from "./stdio-main.js";

/** Serves the clock over stdio until stdin closes or SIGTERM arrives. */
export function main(): Promise<void> {
  return runMain("mcpgw-example-clock", () => {
    const version = packageVersion();
    serveOverStdio({ createServer: () => createClockServer(version) });
  });
}

if (isEntryPoint(import.meta.url)) await main();
