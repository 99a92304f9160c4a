import { randomUUID } from "node:crypto";
import type { Readable, Writable } from "node:stream";
import { silentLogger } from "@mcpgw/core";
import type { Logger } from "@mcpgw/core";
import { serveStdio as sdkServeStdio } from "@modelcontextprotocol/server/stdio";
import { createWatchedServer } from "./server-end.js";
import { LaneTransport } from "./fast-lane-transport.js";
import { NodeStdioTransport } from "./node/node-stdio-transport.js";
import type { SessionFactory } from "./session-factory.js";

/** Options of {@link serveStdio}. */
export interface ServeStdioOptions {
  /** Default `process.stdin`. */
  stdin?: Readable;
  /** Default `process.stdout`; it carries only protocol messages. */
  stdout?: Writable;
  /** Where diagnostics go; never stdout. */
  logger?: Logger;
}

/** The one stdio session. */
export interface StdioSession {
  /** Settles once the session has ended: stdin closed, or `close()`. */
  readonly closed: Promise<void>;
  /** Ends the session. */
  close(): Promise<void>;
}

/** How long `closed` waits for the session's Servers to finish closing after the wire has. */
const SERVER_END_GRACE_MS = 5_000;

/**
 * Serves one MCP session over stdio, in whichever era the client opens with (the SDK's
 * `serveStdio` decides: `initialize` pins 2025-11-25, an enveloped request 2026-07-28). On the
 * 2026-07-28 era, change notifications the router sends on the session's Server go out on the
 * client's `subscriptions/listen` subscriptions.
 *
 * @example
 * const session = serveStdio(factory, { logger });
 * await session.closed;
 */
export function serveStdio(factory: SessionFactory, options: ServeStdioOptions = {}): StdioSession {
  const logger = options.logger ?? silentLogger;
  const serverEnds: Promise<void>[] = [];
  let wireClosed!: () => void;
  const wireDone = new Promise<void>((resolve) => (wireClosed = resolve));
  const wire = new LaneTransport(new NodeStdioTransport(options.stdin, options.stdout), () => wireClosed());
  const handle = sdkServeStdio(
    ({ era }) => {
      // A client that probes with server/discover and then falls back to initialize gets a
      // second Server (the SDK discards the first); each is its own session for the router.
      let ended!: () => void;
      const end = new Promise<void>((resolve) => (ended = resolve));
      const session = { id: randomUUID(), transport: "stdio", era: era === "modern" ? "2026-07-28" : "2025-11-25" } as const;
      const server = createWatchedServer(factory, session, logger, () => ended());
      // Routed calls of a 2025-11-25 session skip its Server (the router's fast lane).
      wire.lane = factory.fastLane?.(server);
      serverEnds.push(end);
      return server;
    },
    { transport: wire, onerror: (error) => logger.debug("stdio session error", { error: error.message }) },
  );
  const closed = wireDone.then(async () => {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(serverEnds), new Promise<void>((resolve) => (timer = setTimeout(resolve, SERVER_END_GRACE_MS)))]);
    clearTimeout(timer);
  });
  return {
    closed,
    async close() {
      await handle.close();
      await closed;
    },
  };
}
