// The egress proxy in-process, with real sockets on 127.0.0.1: a real HTTP server as the
// destination, real HTTP and CONNECT clients. The proxy listens on 127.0.0.1 here (in the
// gateway it listens on the internal network's address), so the test client's source address
// is 127.0.0.1 and identifies the "container".
import { once } from "node:events";
import type { IncomingMessage } from "node:http";
import { createServer, request } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { connect } from "node:net";
import type { Logger } from "@mcpgw/core";
import { within } from "@mcpgw/tooling/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseAllowList } from "./allow-list.js";
import type { EgressClient, EgressProxy } from "./egress-proxy.js";
import { startEgressProxy } from "./egress-proxy.js";

interface Logged {
  message: string;
  fields: Record<string, unknown> | undefined;
}

function recordingLogger(into: Logged[]): Logger {
  const log = (message: string, fields?: Record<string, unknown>) => void into.push({ message, fields });
  return { debug: log, info: log, warn: log, error: log } as unknown as Logger;
}

let destination: ReturnType<typeof createServer>;
let port: number;
let proxy: EgressProxy;
let logged: Logged[];
let client: EgressClient | undefined;
// DNS cannot be pointed anywhere from a test: names resolve through this table instead.
const names: Record<string, string[]> = {};
/** Lets /stream end its response: the test calls it once the first part has reached the client. */
let endStream: () => void = () => {};
/** A non-buffering proxy passes a part on in far less; a buffering one never does before the end. */
const FIRST_PART_DEADLINE_MS = 10_000;

beforeEach(async () => {
  destination = createServer((req, res) => {
    if (req.url === "/stream") {
      // Written in two parts, the second only once the client has the first: a buffering proxy
      // would hold the first back until the end, which never comes.
      res.writeHead(200, { "content-type": "text/plain" });
      res.write("first\n");
      endStream = () => res.end("second\n");
      return;
    }
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => res.end(`${req.method} ${req.url} host=${req.headers.host} proxy-auth=${req.headers["proxy-authorization"] ?? "-"} body=${body}`));
  });
  destination.listen(0, "127.0.0.1");
  await once(destination, "listening");
  port = (destination.address() as AddressInfo).port;
  logged = [];
  client = { server: "fetcher", allowList: parseAllowList("fetcher", [`127.0.0.1:${port}`, `allowed.example:${port}`, `rebound.example:${port}`, `*.ok.example:${port}`]) };
  Object.assign(names, { "allowed.example": ["127.0.0.1"], "rebound.example": ["169.254.169.254"], "a.ok.example": ["10.0.0.7"] });
  proxy = await startEgressProxy({
    host: "127.0.0.1",
    identify: (address) => (address === "127.0.0.1" ? client : undefined),
    logger: recordingLogger(logged),
    resolve: async (host) => {
      const found = names[host];
      if (!found) throw Object.assign(new Error(`no such host ${host}`), { code: "ENOTFOUND" });
      return found;
    },
  });
});

afterEach(async () => {
  await proxy.close();
  destination.close();
});

function viaProxy(url: string, options: { method?: string; body?: string; headers?: Record<string, string> } = {}): Promise<{ status: number; body: string; response: IncomingMessage }> {
  const proxyUrl = new URL(proxy.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: proxyUrl.hostname, port: Number(proxyUrl.port), method: options.method ?? "GET", path: url, headers: { host: URL.canParse(url) ? new URL(url).host : "x", ...options.headers } }, (response) => {
      let body = "";
      response.on("data", (chunk: Buffer) => (body += chunk.toString()));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body, response }));
    });
    req.on("error", reject);
    req.end(options.body);
  });
}

/** Opens a CONNECT tunnel; resolves with the proxy's status line and the socket. */
function tunnel(authority: string): Promise<{ status: string; socket: Socket; rest: string }> {
  const proxyUrl = new URL(proxy.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(proxyUrl.port), proxyUrl.hostname, () => socket.write(`CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n\r\n`));
    let text = "";
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      const end = text.indexOf("\r\n\r\n");
      if (end === -1) return;
      socket.off("data", onData);
      resolve({ status: text.split("\r\n")[0] ?? "", socket, rest: text.slice(end + 4) });
    };
    socket.on("data", onData);
    socket.on("error", reject);
  });
}

function refusals(): Logged[] {
  return logged.filter((l) => l.message === "egress refused");
}

describe("the egress proxy", () => {
  it("forwards absolute-URI requests to an allowed address, body and Host intact, its own headers dropped", async () => {
    const answer = await viaProxy(`http://127.0.0.1:${port}/items?q=1`, { method: "POST", body: "payload", headers: { "proxy-authorization": "Basic c2VjcmV0" } });
    expect(answer).toMatchObject({ status: 200, body: `POST /items?q=1 host=127.0.0.1:${port} proxy-auth=- body=payload` });
    expect(refusals()).toEqual([]);
  });

  it("resolves names itself and connects to the address it checked", async () => {
    const answer = await viaProxy(`http://allowed.example:${port}/x`);
    // The allow-list names 127.0.0.1 literally, so a name resolving to it may use it.
    expect(answer).toMatchObject({ status: 200, body: expect.stringContaining(`host=allowed.example:${port}`) });
  });

  it("streams a response as it comes", async () => {
    const proxyUrl = new URL(proxy.url);
    const req = request({ host: proxyUrl.hostname, port: Number(proxyUrl.port), path: `http://127.0.0.1:${port}/stream` });
    req.end();
    const [response] = (await once(req, "response")) as [IncomingMessage];
    const [first] = (await within(once(response, "data"), "the first part of the response, before its end", FIRST_PART_DEADLINE_MS)) as [Buffer];
    expect(first.toString()).toBe("first\n");
    endStream();
    const [second] = (await once(response, "data")) as [Buffer];
    expect(second.toString()).toBe("second\n");
  });

  it("tunnels CONNECT to an allowed host:port", async () => {
    const { status, socket } = await tunnel(`127.0.0.1:${port}`);
    expect(status).toBe("HTTP/1.1 200 Connection Established");
    socket.write(`GET /through HTTP/1.1\r\nHost: tunnelled\r\nConnection: close\r\n\r\n`);
    let text = "";
    socket.on("data", (chunk: Buffer) => (text += chunk.toString()));
    await once(socket, "close");
    expect(text).toContain("GET /through host=tunnelled");
  });

  it("refuses hosts and ports not on the list, and logs server and host but never path, query or credentials", async () => {
    const other = await viaProxy(`http://user:pa55@127.0.0.2:${port}/private/path?token=t0k`);
    expect(other.status).toBe(403);
    expect(other.body).toContain(`127.0.0.2:${port} is not in allowHosts`);
    const { status } = await tunnel(`127.0.0.1:${port + 1}`);
    expect(status).toBe("HTTP/1.1 403 Forbidden");
    expect(refusals().map((r) => r.fields)).toEqual([
      { server: "fetcher", source: "127.0.0.1", host: "127.0.0.2", port, reason: `127.0.0.2:${port} is not in allowHosts` },
      { server: "fetcher", source: "127.0.0.1", host: "127.0.0.1", port: port + 1, reason: `127.0.0.1:${port + 1} is not in allowHosts` },
    ]);
    expect(JSON.stringify(logged)).not.toMatch(/pa55|t0k|private\/path/);
  });

  it("refuses an allowed name that resolves to a non-public address it does not name (DNS rebinding)", async () => {
    const rebound = await viaProxy(`http://rebound.example:${port}/latest/meta-data/`);
    expect(rebound.status).toBe(403);
    expect(rebound.body).toContain("rebound.example resolves to a link-local address (169.254.169.254)");
    const { status } = await tunnel(`a.ok.example:${port}`);
    expect(status).toBe("HTTP/1.1 403 Forbidden");
    expect(refusals().map((r) => r.fields?.reason)).toEqual([
      "rebound.example resolves to a link-local address (169.254.169.254)",
      "a.ok.example resolves to a private address (10.0.0.7)",
    ]);
  });

  it("refuses connections that come from no known container", async () => {
    client = undefined;
    const answer = await viaProxy(`http://127.0.0.1:${port}/`);
    expect(answer.status).toBe(403);
    expect(refusals()[0]?.fields).toMatchObject({ server: "(unknown container)", source: "127.0.0.1" });
  });

  it("forwards only absolute http URLs", async () => {
    expect((await viaProxy("/relative")).status).toBe(400);
  });

  it("ends open tunnels when it closes", async () => {
    const { socket } = await tunnel(`127.0.0.1:${port}`);
    const closed = once(socket, "close");
    await proxy.close();
    await closed;
    proxy = { url: proxy.url, close: async () => {} };
  });
});
