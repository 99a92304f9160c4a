// The server app (`mcpgw-server`, the image's program) with MCPGW_TLS_CERT and MCPGW_TLS_KEY:
// it serves MCP over HTTPS, says so at start, and the image's HEALTHCHECK script, given the
// same environment, probes it over https and passes.
import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestCa } from "@mcpgw/tooling/testing";
import type { TestCertificate } from "@mcpgw/tooling/testing";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TempHome } from "../support/cli.js";
import { textOf } from "../support/clients.js";
import { repoFile } from "../support/files.js";
import { baseEnv, runProcess } from "../support/process.js";
import { clockProcess, writeHome } from "../support/servers.js";
import type { TrustingFetch } from "../support/tls.js";
import { servedCertificate, trustingFetch } from "../support/tls.js";
import { eventually } from "../support/wait.js";

/** The server image's program and its HEALTHCHECK, as built. */
const SERVER_BIN = repoFile("apps/server/dist/index.js");
const HEALTHCHECK_BIN = repoFile("apps/server/dist/healthcheck.js");
/** Node start-up, config plane read, listen: seconds on a busy 2-core machine. */
const SERVER_START_DEADLINE_MS = 60_000;

describe("the server app with MCPGW_TLS_CERT and MCPGW_TLS_KEY", () => {
  let home: TempHome;
  let dir: string;
  let caCert: string;
  let certificate: TestCertificate;
  let trusting: TrustingFetch;
  let server: ChildProcess;
  let stdout = "";
  let stderr = "";
  let url: string;
  let token: string;
  /** The environment the image gives both the server and its healthcheck. */
  let env: Record<string, string>;

  beforeAll(async () => {
    home = await TempHome.create();
    await writeHome(home, { clock: clockProcess() });
    dir = await mkdtemp(join(tmpdir(), "mcpgw-server-https-"));
    const ca = await createTestCa(dir);
    caCert = ca.cert;
    certificate = await ca.issue("gateway");
    trusting = trustingFetch(ca.cert);
    env = { MCPGW_HOME: home.root, MCPGW_PORT: "0", MCPGW_TLS_CERT: certificate.certFile, MCPGW_TLS_KEY: certificate.keyFile };
    server = spawn(process.execPath, [SERVER_BIN], { env: baseEnv(env), stdio: ["ignore", "pipe", "pipe"] });
    server.stdout!.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    server.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const line = /^Bearer token \(kept in \S+ across restarts; .*\): (\S+)$/m;
    await eventually(() => {
      if (server.exitCode !== null) throw new Error(`the server app exited with ${server.exitCode}: ${stderr}`);
      return line.test(stdout);
    }, "the server app to print its URL and token", SERVER_START_DEADLINE_MS);
    token = line.exec(stdout)![1]!;
    url = /serving MCP at (\S+)\/mcp /.exec(stdout)![1]!;
    // The healthcheck finds the port in MCPGW_PORT, as the image sets it.
    env.MCPGW_PORT = new URL(url).port;
  }, 120_000);

  afterAll(async () => {
    if (server && server.exitCode === null) {
      server.kill("SIGTERM");
      await once(server, "exit");
    }
    await trusting?.close();
    await home?.[Symbol.asyncDispose]();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("serves MCP over https with the certificate given", async () => {
    expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(stderr).toMatch(/serving HTTPS subject=CN=gateway /);
    expect(await servedCertificate(url, caCert)).toBe(certificate.fingerprint256);
    const client = new Client({ name: "server-https-e2e", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${url}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${token}` } }, fetch: trusting.fetch }));
    try {
      expect(JSON.parse(textOf(await client.callTool({ name: "now", arguments: { timezone: "UTC" } })))).toMatchObject({ timezone: "UTC" });
    } finally {
      await client.close();
    }
  });

  it("passes its healthcheck, which probes over https", async () => {
    expect(await runProcess(process.execPath, [HEALTHCHECK_BIN], { env, timeoutMs: 30_000 })).toMatchObject({ code: 0 });
    // The same probe over plain http, as it was without the certificate's variable, fails there.
    const { MCPGW_TLS_CERT: _cert, ...plain } = env;
    expect(await runProcess(process.execPath, [HEALTHCHECK_BIN], { env: plain, timeoutMs: 30_000 })).toMatchObject({ code: 1 });
  });
});
