import { createServer } from "node:http";
import type { Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createAdaptorServer } from "@hono/node-server";
import type { Hono } from "hono";
import type { HttpApp, HttpAppEnv } from "./http-app.js";

/** Options of {@link listen}. */
export interface ListenOptions {
  /** The address to bind; default 127.0.0.1. Bind elsewhere only with a token and `allowedHosts`. */
  host?: string;
  /** The port; 0 picks a free one. */
  port: number;
}

/** A listening HTTP server. */
export interface ListeningServer extends AsyncDisposable {
  /** Its base URL, e.g. `http://127.0.0.1:8811`; the MCP endpoint is `${url}/mcp`. */
  readonly url: string;
  readonly port: number;
  /** Ends every session and open stream (when given the whole HttpApp), then the server and its connections. */
  close(): Promise<void>;
}

/**
 * Serves an app on Node's HTTP server through @hono/node-server. Given the {@link HttpApp}
 * rather than its bare Hono app, `close()` also ends its sessions first.
 *
 * @example
 * const server = await listen(createHttpApp(factory, { authToken }), { port: 8811 });
 * // … later
 * await server.close();
 */
export async function listen(target: HttpApp | Hono<HttpAppEnv>, options: ListenOptions): Promise<ListeningServer> {
  const host = options.host ?? "127.0.0.1";
  const http = isHttpApp(target) ? target : undefined;
  // `/mcp` of an HttpApp is served on Node's objects; a bare Hono app through the adapter.
  // Global Request/Response stay Node's own: the MCP SDK builds its responses with them.
  const server = http ? createServer(http.listener) : (createAdaptorServer({ fetch: (target as Hono<HttpAppEnv>).fetch, hostname: host, overrideGlobalObjects: false }) as HttpServer);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await http?.closeAll();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Streams (SSE, GET) would hold `close()` open for ever: cut every connection now.
        server.closeAllConnections();
      });
    })());
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    port,
    close,
    [Symbol.asyncDispose]: close,
  };
}

function isHttpApp(value: HttpApp | Hono<HttpAppEnv>): value is HttpApp {
  return typeof (value as Partial<HttpApp>).closeAll === "function";
}
