// What happens when real remote servers misbehave: a secret header, a server that is killed
// mid-request and comes back on the same port, one that never answers, one that is not there.
import { SecretValue } from "@mcpgw/core";
import type { RemoteServerSpec } from "@mcpgw/core";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { everythingSpec, killAllEverything, remoteSpec, startEverything } from "../testing/everything-server.js";
import type { EverythingMode } from "../testing/everything-server.js";
import { startFakeMcpServer } from "../testing/fake-mcp-server.js";
import { stablePort, within } from "@mcpgw/tooling/testing";
import { rawClient } from "../testing/raw-client.js";
import { closeRemotes, connectRemote, v1Client } from "../testing/remote-connections.js";
import type { RemoteConnectorOptions } from "./remote-connector.js";

const SECRET = "tok-very-secret-8d1f";

/**
 * How soon after the kill the request in flight fails: "at once" means well before the
 * operation (20 s) would have ended or the connector's request timeout (60 s) fired.
 */
const FAILS_WITHIN_MS = 3_000;
/**
 * Bounds each request to a restarted server, so that a stale request that hangs fails the test
 * by name rather than by its timeout; a fresh server on a busy machine may take seconds to answer.
 */
const RESTARTED_REQUEST_TIMEOUT_MS = 15_000;
/** The request timeout that progress must keep resetting: shorter than the whole operation (6 s). */
const PROGRESS_REQUEST_TIMEOUT_MS = 2_500;
/** A spawned server-everything answers a call on a busy 2-core machine well within this. */
const CLIENT_CALL_TIMEOUT_MS = 30_000;

// Every server here listens on 127.0.0.1: a private remote, reached only when allowed.
const connect = (spec: RemoteServerSpec, options: RemoteConnectorOptions = {}) => connectRemote(spec, { allowPrivateNetworks: true, ...options });

afterEach(async () => {
  await closeRemotes();
  await killAllEverything();
});
afterAll(killAllEverything);

describe("headers", () => {
  it("sends ${TOKEN} filled in from the secrets, and never shows the secret in an error", async () => {
    let failing = false;
    await using server = await startFakeMcpServer({
      // A careless server that echoes the credential in its error page.
      override: (request) => (failing && request.body?.method === "tools/list" ? { status: 500, body: `bad credential: ${String(request.headers.authorization)}` } : undefined),
    });
    const spec = remoteSpec(server.url, "streamable-http", {
      name: "secured",
      headers: { Authorization: "Bearer ${TOKEN}", "X-Tenant": "${TENANT}" },
      env: { TENANT: "acme" },
      secretEnv: { TOKEN: new SecretValue("secured.token", SECRET, "test") },
    });
    const client = await v1Client(await connect(spec));
    expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(["ping_tool"]);
    for (const request of server.requests) {
      expect(request.headers.authorization).toBe(`Bearer ${SECRET}`);
      expect(request.headers["x-tenant"]).toBe("acme");
    }

    failing = true;
    const error = (await client.listTools().catch((e: unknown) => e)) as Error & { data?: unknown };
    expect(error.message).toContain('remote server "secured"');
    expect(error.message).toContain("HTTP 500");
    expect(error.message).toContain("bad credential: Bearer [secret]");
    expect(error.message).not.toContain(SECRET);
    expect(JSON.stringify(error.data)).not.toContain(SECRET);
  });
});

describe.each(["streamableHttp", "sse"] as const)("server-everything (%s) that goes away", (mode: EverythingMode) => {
  it("answers the request in flight with an error at once, and the next one too; a restarted server takes a new connect", async () => {
    // The server comes back on this port: one that nothing takes meanwhile.
    const port = await stablePort();
    const first = await startEverything(mode, port);
    const client = await v1Client(await connect(everythingSpec(first, "flaky")));
    expect((await client.callTool({ name: "echo", arguments: { message: "before" } })).content).toEqual([{ type: "text", text: "Echo: before" }]);

    // Its first progress notification says the server is working on it: then it is killed.
    let working!: () => void;
    const progressed = new Promise<void>((resolve) => (working = resolve));
    const inFlight = client
      .callTool({ name: "trigger-long-running-operation", arguments: { duration: 20, steps: 20 } }, undefined, { onprogress: () => working() })
      .catch((e: unknown) => e as Error);
    await within(progressed, "the first progress of the long-running operation", CLIENT_CALL_TIMEOUT_MS);
    const killedAt = Date.now();
    await first.kill();
    const lost = await inFlight;
    expect(Date.now() - killedAt).toBeLessThan(FAILS_WITHIN_MS);
    expect(lost).toBeInstanceOf(Error);
    expect(lost.message).toContain('remote server "flaky"');

    const next = await client.listTools().catch((e: unknown) => e as Error);
    expect(next).toBeInstanceOf(Error);
    expect(next.message).toContain('remote server "flaky"');
    // Streamable HTTP tries and finds nobody there; SSE knows its session died with the stream.
    expect(next.message).toMatch(mode === "sse" ? /lost the session; initialize again/ : /could not be reached: connection refused/);

    await using second = await startEverything(mode, port);
    const again = await v1Client(await connect(everythingSpec(second, "flaky")));
    expect((await again.callTool({ name: "echo", arguments: { message: "after" } })).content).toEqual([{ type: "text", text: "Echo: after" }]);
  });

  it("keeps the connection usable: after a restart on the same port, a new initialize is served", async () => {
    const port = await stablePort();
    const first = await startEverything(mode, port);
    const connection = await connect(everythingSpec(first, "flaky"), { requestTimeoutMs: RESTARTED_REQUEST_TIMEOUT_MS });
    const raw = await rawClient(connection.transport);
    expect((await raw.initialize()).result).toMatchObject({ serverInfo: { name: "mcp-servers/everything" } });
    expect((await raw.request("tools/list")).result).toBeDefined();

    await first.kill();
    await using second = await startEverything(mode, port);
    // The old session is unknown to the new process: that request fails, naming the server…
    const stale = await raw.request("tools/list");
    expect(stale.error?.message).toContain('remote server "flaky"');
    expect(stale.error?.data).toMatchObject({ code: "SERVER_EXITED", sessionGone: true });
    // …and the client above starts over on the same connection.
    expect((await raw.initialize()).result).toMatchObject({ serverInfo: { name: "mcp-servers/everything" } });
    const echoed = await raw.request("tools/call", { name: "echo", arguments: { message: "same connection" } });
    expect(echoed.result).toEqual({ content: [{ type: "text", text: "Echo: same connection" }] });
    expect(second.port).toBe(port);
  });
});

describe("a server that never answers", () => {
  it("gets TIMEOUT after requestTimeoutMs", async () => {
    await using server = await startFakeMcpServer({ override: (request) => (request.body?.method === "tools/call" ? "hang" : undefined) });
    const client = await v1Client(await connect(remoteSpec(server.url, "streamable-http", { name: "stuck" }), { requestTimeoutMs: 300 }));
    const started = Date.now();
    const error = (await client.callTool({ name: "ping_tool", arguments: {} }).catch((e: unknown) => e)) as Error & { code?: number; data?: unknown };
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error.code).toBe(-32006);
    expect(error.message).toContain('remote server "stuck"');
    expect(error.message).toContain("did not answer tools/call within 300 ms");
    expect(error.data).toMatchObject({ code: "TIMEOUT" });
  });
});

describe("a slow request that reports progress", () => {
  it("is not timed out while progress keeps coming", async () => {
    await using server = await startEverything("streamableHttp", await stablePort());
    // The operation outlasts the request timeout more than twice over; its progress comes every
    // 0.5 s, which leaves the timeout seconds of slack for a busy machine between two of them.
    const client = await v1Client(await connect(everythingSpec(server, "patient"), { requestTimeoutMs: PROGRESS_REQUEST_TIMEOUT_MS }));
    const progress: number[] = [];
    const result = await client.callTool({ name: "trigger-long-running-operation", arguments: { duration: 6, steps: 12 } }, undefined, {
      onprogress: (p) => progress.push(p.progress),
      timeout: CLIENT_CALL_TIMEOUT_MS,
    });
    expect(JSON.stringify(result)).toContain("Long running operation completed");
    expect(progress.length).toBeGreaterThanOrEqual(3);
  });
});

describe("a server that is not there", () => {
  it.each(["streamable-http", "sse"] as const)("fails initialize over %s with an error naming the server, not a hang", async (transport) => {
    const port = await stablePort();
    const connection = await connect(remoteSpec(`http://127.0.0.1:${port}/${transport === "sse" ? "sse" : "mcp"}`, transport, { name: "absent" }));
    const error = (await v1Client(connection).catch((e: unknown) => e)) as Error;
    expect(error.message).toContain(`remote server "absent" at http://127.0.0.1:${port}/`);
    expect(error.message).toContain("connection refused (ECONNREFUSED)");
  });
});
