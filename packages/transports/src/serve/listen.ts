import { createServer } from "node:http";
import type { RequestListener, Server as HttpServer } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { Server as HttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { ErrorCode, GatewayError } from "@mcpgw/core";
import { getRequestListener } from "@hono/node-server";
import type { Hono } from "hono";
import type { HttpApp, HttpAppEnv } from "./http-app.js";

/** A certificate and its private key, in PEM, as HTTPS serves them. */
export interface TlsMaterial {
  /** The certificate, followed by its intermediates when there are any (a "full chain"). */
  cert: string | Buffer;
  key: string | Buffer;
}

/** Options of {@link listen}. */
export interface ListenOptions {
  /** The address to bind; default 127.0.0.1. Bind elsewhere only with a token and `allowedHosts`. */
  host?: string;
  /** The port; 0 picks a free one. */
  port: number;
  /** Serve HTTPS with this certificate and key instead of plain HTTP. */
  tls?: TlsMaterial;
}

/** A listening HTTP server. */
export interface ListeningServer extends AsyncDisposable {
  /** Its base URL, e.g. `http://127.0.0.1:8811` (`https://…` with TLS); the MCP endpoint is `${url}/mcp`. */
  readonly url: string;
  readonly port: number;
  /**
   * Serves new connections with this certificate and key; open connections keep the ones they
   * began with. Only for a server started with `tls`.
   */
  setTls(material: TlsMaterial): void;
  /** Ends every session and open stream (when given the whole HttpApp), then the server and its connections. */
  close(): Promise<void>;
}

/**
 * Serves an app on Node's HTTP server, or its HTTPS server when given `tls`. Given the
 * {@link HttpApp} rather than its bare Hono app, `close()` also ends its sessions first.
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
  const listener = (http?.listener ?? getRequestListener((target as Hono<HttpAppEnv>).fetch, { hostname: host, overrideGlobalObjects: false })) as RequestListener;
  const tls = options.tls;
  const server: HttpServer | HttpsServer = tls ? createHttpsServer({ cert: tls.cert, key: tls.key }, listener) : createServer(listener);
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
    url: `${tls ? "https" : "http"}://${host.includes(":") ? `[${host}]` : host}:${port}`,
    port,
    setTls: (material) => {
      if (!("setSecureContext" in server)) throw new GatewayError(ErrorCode.INVALID_ARGUMENT, "this server was started without TLS: it has no certificate to replace");
      server.setSecureContext({ cert: material.cert, key: material.key });
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}

function isHttpApp(value: HttpApp | Hono<HttpAppEnv>): value is HttpApp {
  return typeof (value as Partial<HttpApp>).closeAll === "function";
}
