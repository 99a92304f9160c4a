// `gateway run --tls-cert/--tls-key`: MCP over HTTPS without a proxy. Real clients of both HTTP
// transports that trust only the test's CA call a tool; plain HTTP on that port gets no answer;
// a renewal replacing the files is served to new connections while a session goes on; a broken
// renewal keeps the served certificate; files that do not load stop the start, named.
import { copyFile, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { EXIT_CODES } from "@mcpgw/core";
import { createTestCa } from "@mcpgw/tooling/testing";
import type { TestCa, TestCertificate } from "@mcpgw/tooling/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TempHome } from "../support/cli.js";
import { Cleanup, textOf } from "../support/clients.js";
import type { GatewayProcess } from "../support/gateway.js";
import { startGateway } from "../support/gateway.js";
import { clockProcess, writeHome } from "../support/servers.js";
import type { TrustingFetch } from "../support/tls.js";
import { servedCertificate, trustingFetch } from "../support/tls.js";
import { eventually } from "../support/wait.js";

/** Replaces `file` at once, as renewal tools do: written beside it, renamed over it. */
async function replace(file: string, content: string): Promise<void> {
  await writeFile(`${file}.new`, content);
  await rename(`${file}.new`, file);
}

const NOW = { name: "now", arguments: { timezone: "UTC" } };

describe("gateway run over HTTPS", () => {
  let home: TempHome;
  let dir: string;
  let ca: TestCa;
  let first: TestCertificate;
  let second: TestCertificate;
  let third: TestCertificate;
  let trusting: TrustingFetch;
  /** The files the gateway serves, in a folder of their own. */
  let certFile: string;
  let keyFile: string;
  let gateway: GatewayProcess;

  beforeAll(async () => {
    home = await TempHome.create();
    await writeHome(home, { clock: clockProcess() });
    dir = await mkdtemp(join(tmpdir(), "mcpgw-https-"));
    ca = await createTestCa(dir);
    [first, second, third] = await Promise.all([ca.issue("first"), ca.issue("second"), ca.issue("third")]);
    trusting = trustingFetch(ca.cert);
    const served = await mkdtemp(join(dir, "served-"));
    certFile = join(served, "fullchain.pem");
    keyFile = join(served, "privkey.pem");
    await copyFile(first.certFile, certFile);
    await copyFile(first.keyFile, keyFile);
    gateway = await startGateway(home, { args: ["--tls-cert", certFile, "--tls-key", keyFile], fetch: trusting.fetch });
  }, 120_000);

  afterAll(async () => {
    await gateway?.stop();
    await trusting?.close();
    await home?.[Symbol.asyncDispose]();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function connect(cleanup: Cleanup): Promise<Client> {
    const client = cleanup.add(new Client({ name: "https-e2e", version: "1.0.0" }));
    await client.connect(new StreamableHTTPClientTransport(new URL(gateway.mcpUrl), { requestInit: { headers: gateway.headers }, fetch: trusting.fetch }));
    return client;
  }

  it("prints https URLs and a client configuration with the https endpoint", () => {
    expect(gateway.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(gateway.stdout).toContain(`mcpgw is serving MCP at ${gateway.url}/mcp (legacy SSE at ${gateway.url}/sse, health at ${gateway.url}/health)`);
    const config = JSON.parse(gateway.stdout.slice(gateway.stdout.indexOf("{"))) as { mcpServers: { mcpgw: { url: string } } };
    expect(config.mcpServers.mcpgw.url).toBe(`${gateway.url}/mcp`);
    expect(gateway.stderr).toMatch(/serving HTTPS subject=CN=first validTo=\S+ cert=\S+fullchain\.pem/);
  });

  it("serves a tool call over Streamable HTTP and legacy SSE to clients that trust the CA", async () => {
    await using cleanup = new Cleanup();
    const client = await connect(cleanup);
    expect(JSON.parse(textOf(await client.callTool(NOW)))).toMatchObject({ timezone: "UTC" });

    const sse = cleanup.add(new Client({ name: "https-e2e-sse", version: "1.0.0" }));
    await sse.connect(new SSEClientTransport(new URL(`${gateway.url}/sse`), { requestInit: { headers: gateway.headers }, fetch: trusting.fetch }));
    expect(JSON.parse(textOf(await sse.callTool(NOW)))).toMatchObject({ timezone: "UTC" });
  });

  it("gives plain HTTP on its port no answer, and a client that does not trust the CA none either", async () => {
    const plain = gateway.url.replace(/^https:/, "http:");
    await expect(fetch(`${plain}/health`, { signal: AbortSignal.timeout(30_000) })).rejects.toThrow(/fetch failed/);
    await expect(fetch(`${gateway.url}/health`, { signal: AbortSignal.timeout(30_000) })).rejects.toThrow(/fetch failed/);
  });

  it("serves a renewed certificate to new connections while a session goes on, and keeps it through a broken renewal", async () => {
    await using cleanup = new Cleanup();
    const client = await connect(cleanup);
    expect(await servedCertificate(gateway.url, ca.cert)).toBe(first.fingerprint256);

    // The key first, then the certificate: in between, a pair that does not match is kept out.
    await replace(keyFile, second.key);
    await replace(certFile, second.cert);
    await eventually(() => /TLS certificate reloaded: new connections get it subject=CN=second /.test(gateway.stderr), "the gateway to log the renewed certificate", 30_000);
    expect(await servedCertificate(gateway.url, ca.cert)).toBe(second.fingerprint256);
    // The session opened before the renewal goes on.
    expect(JSON.parse(textOf(await client.callTool(NOW)))).toMatchObject({ timezone: "UTC" });

    // A renewal half done: the third certificate with the second's key.
    const told = gateway.stderr.length;
    await replace(certFile, third.cert);
    await eventually(() => gateway.stderr.slice(told).includes("TLS certificate not reloaded: still serving the previous one"), "the gateway to log the broken renewal", 30_000);
    expect(gateway.stderr.slice(told)).toContain(`the TLS key file ${keyFile} is not the key of the certificate in ${certFile}`);
    expect(await servedCertificate(gateway.url, ca.cert)).toBe(second.fingerprint256);
    expect(JSON.parse(textOf(await (await connect(cleanup)).callTool(NOW)))).toMatchObject({ timezone: "UTC" });

    // No key ever reaches the log.
    for (const cert of [first, second, third]) expect(gateway.stderr).not.toContain(cert.key.split("\n")[1]);
  });
});

describe("gateway run with TLS files that do not load", () => {
  let home: TempHome;
  let dir: string;
  let first: TestCertificate;
  let second: TestCertificate;

  beforeAll(async () => {
    home = await TempHome.create();
    await writeHome(home, { clock: clockProcess() });
    dir = await mkdtemp(join(tmpdir(), "mcpgw-https-bad-"));
    const ca = await createTestCa(dir);
    [first, second] = await Promise.all([ca.issue("first"), ca.issue("second")]);
  }, 60_000);

  afterAll(async () => {
    await home?.[Symbol.asyncDispose]();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const run = (args: string[], env: Record<string, string> = {}) => home.run(["gateway", "run", "--transport", "streaming", "--port", "0", ...args], { env });

  it("stops the start naming a key that is not the certificate's, without quoting it", async () => {
    const result = await run(["--tls-cert", first.certFile, "--tls-key", second.keyFile]);
    expect(result.code).toBe(EXIT_CODES.INVALID_ARGUMENT);
    expect(result.stderr).toContain(`the TLS key file ${second.keyFile} is not the key of the certificate in ${first.certFile}`);
    expect(result.stdout).not.toContain("serving MCP");
    expect(result.stderr + result.stdout).not.toContain(second.key.split("\n")[1]);
  });

  it("stops the start naming a missing file, given by MCPGW_TLS_CERT and MCPGW_TLS_KEY", async () => {
    const missing = join(dir, "nowhere.pem");
    const result = await run([], { MCPGW_TLS_CERT: missing, MCPGW_TLS_KEY: first.keyFile });
    expect(result.code).toBe(EXIT_CODES.NOT_FOUND);
    expect(result.stderr).toContain(`the TLS certificate file ${missing} does not exist`);
  });

  it("refuses a certificate without its key", async () => {
    const result = await run(["--tls-cert", first.certFile]);
    expect(result.code).toBe(EXIT_CODES.INVALID_ARGUMENT);
    expect(result.stderr).toContain("--tls-cert (MCPGW_TLS_CERT) is given without --tls-key (MCPGW_TLS_KEY)");
  });
});
