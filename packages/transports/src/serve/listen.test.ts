// listen() over TLS: HTTPS with the certificate given, nothing for plain HTTP on that port, and
// a certificate replaced while serving (new connections get it, an open one keeps its own).
import { mkdtemp, rm } from "node:fs/promises";
import { get as httpGet } from "node:http";
import { Agent, get } from "node:https";
import type { TLSSocket } from "node:tls";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestCa } from "@mcpgw/tooling/testing";
import type { TestCa, TestCertificate } from "@mcpgw/tooling/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestSessionFactory } from "../testing/test-session-factory.js";
import { createHttpApp } from "./http-app.js";
import { listen } from "./listen.js";

interface Answer {
  status: number;
  /** The certificate the connection was served with. */
  fingerprint256: string;
  /** Whether the request went over a connection opened before it. */
  reused: boolean;
}

/** GET `url` over HTTPS through `agent` (which trusts the test CA). */
function fetchOver(agent: Agent, url: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = get(url, { agent }, (response) => {
      // Read now: a kept-alive socket leaves the response once it has ended.
      const { fingerprint256 } = (response.socket as TLSSocket).getPeerCertificate();
      response.resume();
      response.on("end", () => resolve({ status: response.statusCode ?? 0, fingerprint256, reused: request.reusedSocket }));
    });
    request.on("error", reject);
  });
}

/** The whole HTTP app, open to anyone: what is served here is its /health. */
const openApp = () => createHttpApp(createTestSessionFactory(), { authToken: undefined });

describe("listen() with TLS", () => {
  let dir: string;
  let ca: TestCa;
  let first: TestCertificate;
  let second: TestCertificate;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "mcpgw-listen-tls-"));
    ca = await createTestCa(dir);
    [first, second] = await Promise.all([ca.issue("first"), ca.issue("second")]);
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("serves HTTPS with the certificate given, and its URL says https", async () => {
    await using server = await listen(openApp(), { port: 0, tls: first });
    expect(server.url).toBe(`https://127.0.0.1:${server.port}`);
    const answer = await fetchOver(new Agent({ ca: ca.cert }), `${server.url}/health`);
    expect(answer).toMatchObject({ status: 200, fingerprint256: first.fingerprint256 });
  });

  it("answers plain HTTP on its port with no HTTP response", async () => {
    await using server = await listen(openApp(), { port: 0, tls: first });
    const plain = new Promise<number>((resolve, reject) => {
      httpGet(`http://127.0.0.1:${server.port}/health`, (response) => resolve(response.statusCode ?? 0)).on("error", reject);
    });
    await expect(plain).rejects.toThrow();
  });

  it("serves new connections with a replaced certificate while an open one keeps its own", async () => {
    await using server = await listen(openApp(), { port: 0, tls: first });
    const kept = new Agent({ ca: ca.cert, keepAlive: true, maxSockets: 1 });
    try {
      expect(await fetchOver(kept, `${server.url}/health`)).toMatchObject({ status: 200, fingerprint256: first.fingerprint256 });
      server.setTls(second);
      expect(await fetchOver(kept, `${server.url}/health`)).toEqual({ status: 200, fingerprint256: first.fingerprint256, reused: true });
      expect(await fetchOver(new Agent({ ca: ca.cert }), `${server.url}/health`)).toMatchObject({ status: 200, fingerprint256: second.fingerprint256, reused: false });
    } finally {
      kept.destroy();
    }
  });

  it("refuses a certificate for a server started without TLS", async () => {
    await using server = await listen(openApp(), { port: 0 });
    expect(server.url).toMatch(/^http:\/\//);
    expect(() => server.setTls(first)).toThrow(/started without TLS/);
  });
});
