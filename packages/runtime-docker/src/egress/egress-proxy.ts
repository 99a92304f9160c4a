import { lookup } from "node:dns/promises";
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { connect, isIP } from "node:net";
import type { Duplex } from "node:stream";
import type { Logger } from "@mcpgw/core";
import { classifyAddress } from "@mcpgw/runtime-kernel";
import type { AllowList } from "./allow-list.js";

/** Who a client of the proxy is: one running container of one server. */
export interface EgressClient {
  server: string;
  allowList: AllowList;
}

/** Options of {@link startEgressProxy}. */
export interface EgressProxyOptions {
  /** The address to listen on: the internal network's gateway address on this host. */
  host: string;
  /** Default 0: any free port. */
  port?: number;
  /** Who a connection comes from, by its source address; `undefined` for strangers, who are refused. */
  identify(address: string): EgressClient | undefined;
  logger: Logger;
  /** How names are resolved; default the system's resolver. Tests may pin answers. */
  resolve?: (host: string) => Promise<string[]>;
}

/** A running egress proxy. */
export interface EgressProxy {
  /** `http://host:port`, for `HTTP_PROXY` and `HTTPS_PROXY`. */
  readonly url: string;
  /** Stops listening and ends every connection through it. */
  close(): Promise<void>;
}

/** Why a request was refused; logged with the server and the host, never with a path or credentials. */
type Refusal = { status: number; reason: string };
type Target = { address: string } | Refusal;

// Hop-by-hop headers (RFC 9110 7.6.1) and the proxy's own: never forwarded.
const HOP_BY_HOP = ["connection", "keep-alive", "proxy-authorization", "proxy-authenticate", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade"];

/**
 * An HTTP forward proxy that lets each container reach only the hosts its server's `allowHosts`
 * names. It serves `CONNECT host:port` (tunnels, for HTTPS and anything else over TCP) and
 * absolute-URI `http:` requests; nothing else. For each request it
 * - knows the container by its source address (containers run without NET_RAW or NET_ADMIN, so
 *   they cannot forge one) and refuses strangers;
 * - checks `host:port` against the allow-list;
 * - resolves the name itself and connects to the address it checked, refusing private,
 *   loopback, link-local (cloud metadata), unique-local and other non-public addresses unless
 *   the allow-list names that literal address, so a name re-pointed at an internal address
 *   (DNS rebinding) gets nowhere;
 * - logs each refusal with the server, host and port only (no path, query or credentials);
 * - streams bodies both ways, never buffering them.
 */
export async function startEgressProxy(options: EgressProxyOptions): Promise<EgressProxy> {
  const { logger, identify } = options;
  const resolve = options.resolve ?? defaultResolve;
  const sockets = new Set<Duplex>();
  const track = (socket: Duplex) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  };

  const decide = async (client: EgressClient | undefined, source: string, host: string, port: number): Promise<Target> => {
    const refuse = (status: number, reason: string): Refusal => {
      logger.warn("egress refused", { server: client?.server ?? "(unknown container)", source, host, port, reason });
      return { status, reason };
    };
    if (!client) return refuse(403, "the connection does not come from a container of this gateway");
    if (!client.allowList.allows(host, port)) return refuse(403, `${host}:${port} is not in allowHosts`);
    const bare = host.replace(/^\[|\]$/g, "");
    if (isIP(bare) !== 0) {
      // An address the list names literally is reachable whatever its class: the catalog asked for it.
      return client.allowList.namesAddress(bare) || classifyAddress(bare) === "public" ? { address: bare } : refuse(403, `${bare} is a ${classifyAddress(bare)} address`);
    }
    let addresses: string[];
    try {
      addresses = await resolve(bare);
    } catch {
      return refuse(502, `${host} could not be resolved`);
    }
    const usable = addresses.find((a) => classifyAddress(a) === "public" || client.allowList.namesAddress(a));
    if (usable) return { address: usable };
    const first = addresses[0];
    return refuse(403, first ? `${host} resolves to a ${classifyAddress(first)} address (${first})` : `${host} has no address`);
  };

  const server = createServer((req, res) => void forward(req, res));
  server.on("connection", track);
  server.on("connect", (req: IncomingMessage, socket: Duplex, head: Buffer) => void tunnel(req, socket, head));
  server.on("clientError", (_error, socket) => socket.destroy());

  async function forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const source = sourceOf(req.socket);
    let url: URL;
    try {
      url = new URL(req.url ?? "");
    } catch {
      return answer(res, 400, "mcpgw egress proxy: only absolute http:// URLs are forwarded");
    }
    if (url.protocol !== "http:") return answer(res, 400, "mcpgw egress proxy: only http:// URLs are forwarded; use CONNECT for https");
    const port = url.port === "" ? 80 : Number(url.port);
    const client = identify(source);
    const target = await decide(client, source, url.hostname, port);
    if ("status" in target) return answer(res, target.status, `mcpgw egress proxy: refused: ${target.reason}`);
    const upstream = httpRequest(
      { host: target.address, port, method: req.method, path: `${url.pathname}${url.search}`, headers: forwardedHeaders(req.headers, url.host), setHost: false },
      (reply) => {
        res.writeHead(reply.statusCode ?? 502, reply.statusMessage, forwardedHeaders(reply.headers));
        reply.pipe(res);
      },
    );
    upstream.once("error", () => (res.headersSent ? res.destroy() : answer(res, 502, `mcpgw egress proxy: ${url.host} could not be reached`)));
    res.once("close", () => upstream.destroy());
    req.pipe(upstream);
  }

  async function tunnel(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    track(socket);
    socket.on("error", () => socket.destroy());
    const source = sourceOf(req.socket);
    const authority = parseAuthority(req.url ?? "");
    if (!authority) return endTunnel(socket, 400, "CONNECT needs host:port");
    const target = await decide(identify(source), source, authority.host, authority.port);
    if ("status" in target) return endTunnel(socket, target.status, `refused: ${target.reason}`);
    const upstream = connect({ host: target.address, port: authority.port });
    track(upstream);
    upstream.once("connect", () => {
      socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.length > 0) upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.once("error", () => (upstream.readyState === "opening" ? endTunnel(socket, 502, `${authority.host} could not be reached`) : socket.destroy()));
    socket.once("close", () => upstream.destroy());
    upstream.once("close", () => socket.destroy());
  }

  await new Promise<void>((resolveListen, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host, () => {
      server.off("error", reject);
      resolveListen();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = isIP(options.host) === 6 ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}`,
    async close() {
      const closed = new Promise<void>((done) => server.close(() => done()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

async function defaultResolve(host: string): Promise<string[]> {
  return (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
}

function sourceOf(socket: Socket): string {
  return (socket.remoteAddress ?? "").replace(/^::ffff:/, "");
}

function parseAuthority(text: string): { host: string; port: number } | undefined {
  const match = /^(\[[^\]]+\]|[^:[\]]+):(\d{1,5})$/.exec(text);
  if (!match?.[1] || !match[2]) return undefined;
  const port = Number(match[2]);
  return port >= 1 && port <= 65535 ? { host: match[1], port } : undefined;
}

function forwardedHeaders(headers: IncomingHttpHeaders, host?: string): IncomingHttpHeaders {
  const named = String(headers.connection ?? "")
    .split(",")
    .map((h) => h.trim().toLowerCase());
  const out: IncomingHttpHeaders = {};
  for (const [key, value] of Object.entries(headers)) if (!HOP_BY_HOP.includes(key) && !named.includes(key)) out[key] = value;
  if (host) out.host = host;
  return out;
}

function answer(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", connection: "close" });
  res.end(`${text}\n`);
}

function endTunnel(socket: Duplex, status: number, text: string): void {
  const body = `mcpgw egress proxy: ${text}\n`;
  socket.end(`HTTP/1.1 ${status} ${status === 403 ? "Forbidden" : status === 400 ? "Bad Request" : "Bad Gateway"}\r\ncontent-type: text/plain\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
}
