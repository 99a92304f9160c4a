// Test support (not built): a real HTTP peer on 127.0.0.1 for the OAuth client's tests — a
// node:http server that answers the paths a case sets up (metadata, registration, token,
// revocation) and records every request it got. Not a mock: the client speaks real HTTP to it.
import { createServer } from "node:http";
import type { IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

/** A request the peer received. */
export interface PeerRequest {
  method: string;
  /** Path and query. */
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** What a route answers: a JSON body unless `raw` is given. */
export interface PeerAnswer {
  status?: number;
  headers?: Record<string, string>;
  json?: unknown;
  raw?: string;
}

/** A route: keyed by path (`/token`) or method and path (`POST /token`); query ignored. */
export type PeerRoute = PeerAnswer | ((request: PeerRequest, peer: OAuthPeer) => PeerAnswer);

export interface OAuthPeer extends AsyncDisposable {
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  readonly requests: PeerRequest[];
  /** Routes may be added after start, when they need the origin. */
  route(key: string, answer: PeerRoute): void;
  /** The requests to `path` (query ignored). */
  requestsTo(path: string): PeerRequest[];
}

/** Starts a peer on 127.0.0.1 on a free port; unknown paths get 404. */
export async function startOAuthPeer(routes: Record<string, PeerRoute> = {}): Promise<OAuthPeer> {
  const table = new Map(Object.entries(routes));
  const requests: PeerRequest[] = [];
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", () => {
      const request: PeerRequest = { method: incoming.method ?? "GET", path: incoming.url ?? "/", headers: incoming.headers, body: Buffer.concat(chunks).toString("utf8") };
      requests.push(request);
      const pathname = request.path.split("?")[0]!;
      const route = table.get(`${request.method} ${pathname}`) ?? table.get(pathname);
      const answer: PeerAnswer = route === undefined ? { status: 404, json: { error: "not_found" } } : typeof route === "function" ? route(request, peer) : route;
      const body = answer.raw ?? (answer.json === undefined ? "" : JSON.stringify(answer.json));
      outgoing.writeHead(answer.status ?? 200, { "content-type": answer.raw === undefined ? "application/json" : "text/plain", ...answer.headers });
      outgoing.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const peer: OAuthPeer = {
    origin,
    requests,
    route: (key, answer) => void table.set(key, answer),
    requestsTo: (path) => requests.filter((r) => r.path.split("?")[0] === path),
    async [Symbol.asyncDispose]() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return peer;
}
