// A fetch for remote servers that refuses to connect to private, loopback, link-local and other
// non-public addresses. The check sits in the socket's own DNS lookup, so it judges exactly the
// addresses the connection then uses: a name that resolves to a public address when checked and
// to 169.254.169.254 a moment later (DNS rebinding) is refused on the connection that would use it.
//
// Node's global fetch offers no hook for that lookup without the `undici` package (its
// dispatcher's `connect.lookup`), so this is a small fetch over node:http and node:https instead.
// Request bodies are read whole (they are JSON-RPC messages); response bodies stream, as
// Streamable HTTP and SSE need.
import type { LookupAddress, LookupAllOptions, LookupOneOptions } from "node:dns";
import { lookup as dnsLookup } from "node:dns";
import type { IncomingMessage } from "node:http";
import { Agent as HttpAgent, request as httpRequest } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { isIP } from "node:net";
import { Readable } from "node:stream";
import { ErrorCode, GatewayError } from "@mcpgw/core";
import type { AddressClass } from "@mcpgw/runtime-kernel";
import { classifyAddress } from "@mcpgw/runtime-kernel";

/** A fetch that checks every address it connects to, and the sockets it keeps for reuse. */
export interface GuardedFetch {
  fetch: typeof fetch;
  /** Closes the sockets kept alive for reuse. */
  close(): void;
}

/** Options of {@link createGuardedFetch}. */
export interface GuardedFetchOptions {
  /**
   * Which addresses may be connected to; default: public ones only. Tests widen it to loopback
   * to exercise the fetch itself, since no public server is reachable from a test machine.
   */
  admits?: Admits;
}

type Admits = (address: string) => boolean;

const MAX_REDIRECTS = 20;
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);
type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A fetch for remote server `server` that connects only to public addresses: a host that
 * resolves to (or is) a private, shared, loopback, link-local, unique-local, unspecified,
 * multicast or reserved address (IPv4-mapped ones included) fails with `REFUSED`, naming the
 * server and the address class, never the URL's credentials.
 */
export function createGuardedFetch(server: string, options: GuardedFetchOptions = {}): GuardedFetch {
  const admits = options.admits ?? ((address: string) => classOf(address) === "public");
  const lookup = guardedLookup(server, admits);
  const agents = { http: new HttpAgent({ keepAlive: true, lookup }), https: new HttpsAgent({ keepAlive: true, lookup }) };
  const guarded = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    let request = new Request(input, init);
    for (let hop = 0; ; hop++) {
      const response = await send(request, agents, server, admits);
      const location = response.headers.get("location");
      if (request.redirect !== "follow" || !location || ![301, 302, 303, 307, 308].includes(response.status)) return response;
      await response.body?.cancel();
      if (hop >= MAX_REDIRECTS) throw new TypeError(`too many redirects from ${new URL(request.url).origin}`);
      const target = new URL(location, request.url);
      const toGet = response.status === 303 || ((response.status === 301 || response.status === 302) && request.method === "POST");
      const body = toGet || request.body === null ? undefined : await request.clone().arrayBuffer();
      const headers = new Headers(request.headers);
      if (target.origin !== new URL(request.url).origin) headers.delete("authorization");
      request = new Request(target, { method: toGet ? "GET" : request.method, headers, signal: request.signal, redirect: "follow", ...(body ? { body } : {}) });
    }
  };
  return {
    fetch: guarded as typeof fetch,
    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

async function send(request: Request, agents: { http: HttpAgent; https: HttpsAgent }, server: string, admits: Admits): Promise<Response> {
  const url = new URL(request.url);
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new TypeError(`fetch of ${url.protocol} URLs is not supported`);
  // Literal addresses skip DNS, and with it the lookup hook: they are checked here.
  const literal = url.hostname.replace(/^\[|\]$/g, "");
  if (isIP(literal) !== 0 && !admits(literal)) throw refusal(server, literal);
  const body = request.body === null ? undefined : Buffer.from(await request.arrayBuffer());
  request.signal.throwIfAborted();
  const headers: Record<string, string> = {};
  request.headers.forEach((value, key) => (headers[key] = value));
  if (body) headers["content-length"] = String(body.length);
  const https = url.protocol === "https:";
  return new Promise<Response>((resolve, reject) => {
    const outgoing = (https ? httpsRequest : httpRequest)(url, { method: request.method, headers, agent: https ? agents.https : agents.http, signal: request.signal }, (incoming) =>
      resolve(toResponse(incoming, request.signal)),
    );
    outgoing.once("error", (error) => reject(unwrap(error)));
    outgoing.end(body);
  });
}

function toResponse(incoming: IncomingMessage, signal: AbortSignal): Response {
  const headers = new Headers();
  for (let i = 0; i + 1 < incoming.rawHeaders.length; i += 2) headers.append(incoming.rawHeaders[i] ?? "", incoming.rawHeaders[i + 1] ?? "");
  const status = incoming.statusCode ?? 502;
  const onAbort = () => incoming.destroy(signal.reason instanceof Error ? signal.reason : new Error("aborted"));
  signal.addEventListener("abort", onAbort, { once: true });
  incoming.once("close", () => signal.removeEventListener("abort", onAbort));
  if (NULL_BODY_STATUSES.has(status)) incoming.resume();
  const body = NULL_BODY_STATUSES.has(status) ? null : (Readable.toWeb(incoming) as ReadableStream<Uint8Array>);
  return new Response(body, { status, statusText: incoming.statusMessage ?? "", headers });
}

/** The refusal travels through the socket's error; a GatewayError stays itself. */
function unwrap(error: Error): Error {
  return error.cause instanceof GatewayError ? error.cause : error;
}

/** A `dns.lookup` that fails when any address a name resolves to is not public. */
function guardedLookup(server: string, admits: Admits) {
  return (hostname: string, options: LookupOneOptions | LookupAllOptions | number, callback: LookupCallback): void => {
    const opts = typeof options === "number" ? { family: options } : options;
    dnsLookup(hostname, { ...opts, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const blocked = addresses.find((a) => !admits(a.address));
      if (blocked) return callback(refusal(server, blocked.address) as NodeJS.ErrnoException, []);
      if ((opts as LookupAllOptions).all) return callback(null, addresses);
      const [first] = addresses;
      if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: "ENOTFOUND" }), []);
      callback(null, first.address, first.family);
    });
  };
}

function classOf(address: string): AddressClass {
  return classifyAddress(address) ?? "reserved";
}

function refusal(server: string, address: string): GatewayError {
  const addressClass = classOf(address);
  return new GatewayError(ErrorCode.REFUSED, `remote server "${server}" resolves to ${/^[aeiou]/.test(addressClass) ? "an" : "a"} ${addressClass} address (${address}); remotes on non-public networks are refused`, {
    data: { server, address, addressClass },
    suggestion: "allow private remotes explicitly (--allow-private-remotes, MCPGW_ALLOW_PRIVATE_REMOTES=1) if this server is meant to be on your network",
  });
}
