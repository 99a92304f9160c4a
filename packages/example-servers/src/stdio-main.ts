// What every example server's entry does: serve MCP over stdio, keep stdout for the protocol
// (diagnostics go to stderr), and end cleanly when stdin closes or a signal arrives.
import { readFileSync, realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { McpServer } from "@modelcontextprotocol/server";
import { serveStdio } from "@modelcontextprotocol/server/stdio";

/** Options for {@link serveOverStdio}. */
export interface ServeOverStdioOptions {
  /**
   * Builds one server instance. `serveStdio` may build more than one per connection (a
   * 2026-07-28 probe instance is dropped when the client turns out to speak 2025-11-25), so
   * state that must outlive an instance belongs outside it.
   */
  createServer: () => McpServer;
  /** Runs once before the process ends, after the connection is closed: flush state here. */
  onShutdown?: () => Promise<void>;
}

/** How long the process may take to wind down on its own once stdin has closed. */
const EXIT_GRACE_MS = 2_000;

/**
 * Serves MCP over this process's stdin and stdout, in whichever protocol era the client opens
 * with (2025-11-25 `initialize` or 2026-07-28 `server/discover`). When stdin closes the process
 * ends once pending work is done; SIGTERM and SIGINT close the connection, run `onShutdown` and
 * exit with status 0.
 */
export function serveOverStdio(options: ServeOverStdioOptions): void {
  const handle = serveStdio(() => options.createServer(), {
    onerror: (error) => logError("connection error", error),
  });
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      await handle.close().catch((error: unknown) => logError("closing the connection failed", error));
      await options.onShutdown?.().catch((error: unknown) => logError("shutting down failed", error));
    })());

  const onStdinClosed = (): void => {
    void close().then(() => {
      // Nothing should be left to keep the process alive; if something is, do not linger.
      setTimeout(() => process.exit(process.exitCode ?? 0), EXIT_GRACE_MS).unref();
    });
  };
  process.stdin.once("end", onStdinClosed);
  process.stdin.once("close", onStdinClosed);
  // `once`: a second signal while closing gets the default handling, so it still kills.
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      void close().then(() => process.exit(process.exitCode ?? 0));
    });
  }
}

/** The program's name, which starts every line written to stderr; set by {@link runMain}. */
let program = "mcpgw-example-server";

/** Writes one diagnostic line to stderr (never stdout: that carries the protocol). */
export function log(message: string): void {
  process.stderr.write(`${program}: ${message}\n`);
}

/** Logs an unexpected error, with its stack, to stderr. */
export function logError(context: string, error: unknown): void {
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  log(`${context}: ${detail}`);
}

/**
 * Runs an entry's startup. A failure to start (an unreadable NOTES_FILE, say) is reported on
 * stderr with exit status 1 instead of an unhandled rejection.
 */
export async function runMain(name: string, start: () => Promise<void> | void): Promise<void> {
  program = name;
  try {
    await start();
  } catch (error) {
    log(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}

/**
 * Whether the module at `moduleUrl` is the script node was started with (`node dist/clock.js`),
 * as opposed to being imported (by a `bin/` wrapper, or a test).
 */
export function isEntryPoint(moduleUrl: string): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    return false;
  }
}

/** This package's version, for the serverInfo each server reports. */
export function packageVersion(): string {
  // From src/ under tests and from dist/ when built, package.json is one folder up.
  const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version?: unknown };
  return typeof manifest.version === "string" ? manifest.version : "0.0.0";
}
