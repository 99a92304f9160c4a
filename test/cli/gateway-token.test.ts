// `mcpgw gateway token` and the token an HTTP gateway serves when none is given: one token kept
// in MCPGW_HOME/auth-token, the same at every start and every print, until `--rotate`.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFile, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { EXIT_CODES } from "@mcpgw/core";
import { describe, expect, it } from "vitest";
import { TempHome } from "../support/cli.js";
import { startGateway } from "../support/gateway.js";
import { baseEnv } from "../support/process.js";
import { eventually } from "../support/wait.js";

/** The built server app's program, as its image runs it. */
const SERVER_BIN = join(dirname(createRequire(import.meta.url).resolve("@mcpgw/server")), "..", "dist", "index.js");
/** Node start-up, config plane read, listen: seconds on a busy 2-core machine. */
const SERVER_START_DEADLINE_MS = 60_000;

const INITIALIZE = JSON.stringify({
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "token-test", version: "1" } },
});

/** What the server app prints at start on `home` (`MCPGW_PORT=0`): the token and its file, its stderr, and the status an initialize with that token gets; it is stopped again. */
async function serverAppStart(home: TempHome): Promise<{ token: string; file: string; stderr: string; status: number }> {
  const child = spawn(process.execPath, [SERVER_BIN], { env: baseEnv({ MCPGW_HOME: home.root, MCPGW_PORT: "0" }), stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  const exited = once(child, "exit");
  try {
    const line = /^Bearer token \(kept in (\S+) across restarts; .*\): (\S+)$/m;
    await eventually(() => {
      if (child.exitCode !== null) throw new Error(`the server app exited: ${stderr}`);
      return line.test(stdout);
    }, "the server app to print its token", SERVER_START_DEADLINE_MS);
    const [, file, token] = line.exec(stdout)!;
    const url = /serving MCP at (\S+) /.exec(stdout)![1]!;
    return { token: token!, file: file!, stderr, status: await initializeStatus(url, token) };
  } finally {
    child.kill("SIGTERM");
    await exited;
  }
}

/** The status of an initialize sent to `url` with this bearer token (none: no header). */
async function initializeStatus(url: string, token: string | undefined): Promise<number> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
    body: INITIALIZE,
    signal: AbortSignal.timeout(30_000),
  });
  await response.body?.cancel();
  return response.status;
}

describe("mcpgw gateway token", () => {
  it("prints one stored token, the same every time, and --rotate replaces it", async () => {
    await using home = await TempHome.create();
    const first = await home.run(["gateway", "token"]);
    expect(first).toMatchObject({ code: 0, stderr: "" });
    const token = first.stdout.trim();
    expect(first.stdout).toBe(`${token}\n`);
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect((await stat(home.path("auth-token"))).mode & 0o777).toBe(0o600);

    const again = await home.run(["gateway", "token", "--json"]);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual({ token, file: home.path("auth-token") });

    const rotated = await home.run(["gateway", "token", "--rotate"]);
    expect(rotated.code).toBe(0);
    const fresh = rotated.stdout.trim();
    expect(fresh).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(fresh).not.toBe(token);
    expect(rotated.stderr).toContain(home.path("auth-token"));
    expect(rotated.stderr).not.toContain(fresh);
    expect((await home.run(["gateway", "token"])).stdout).toBe(`${fresh}\n`);
  });

  it("says on stderr that MCPGW_AUTH_TOKEN wins, and still prints the stored token", async () => {
    await using home = await TempHome.create();
    const stored = (await home.run(["gateway", "token"])).stdout.trim();
    const withEnv = await home.run(["gateway", "token"], { env: { MCPGW_AUTH_TOKEN: "from-the-environment-0123" } });
    expect(withEnv.code).toBe(0);
    expect(withEnv.stdout).toBe(`${stored}\n`);
    expect(withEnv.stderr).toMatch(/^MCPGW_AUTH_TOKEN is set: a gateway started with this environment serves that token/);
    expect(withEnv.stderr).not.toContain("from-the-environment-0123");
  });

  it("refuses a token file that holds no token, naming it and what to do, and leaves it as it is", async () => {
    await using home = await TempHome.create();
    await writeFile(home.path("auth-token"), "too short\n");
    const refused = await home.run(["gateway", "token"]);
    expect(refused.code).toBe(EXIT_CODES.CONFIG_INVALID);
    expect(refused.stdout).toBe("");
    expect(refused.stderr).toContain(`Error: the gateway token file ${home.path("auth-token")} holds blanks`);
    expect(refused.stderr).toContain("mcpgw gateway token --rotate");
    expect(refused.stderr).not.toContain("too short");
    expect(await readFile(home.path("auth-token"), "utf8")).toBe("too short\n");
    const fixed = await home.run(["gateway", "token", "--rotate"]);
    expect(fixed.code).toBe(0);
    expect(await readFile(home.path("auth-token"), "utf8")).toBe(fixed.stdout);
  });

  it("is the token `gateway run --transport streaming` serves and prints, start after start", async () => {
    await using home = await TempHome.create();
    const token = (await home.run(["gateway", "token"])).stdout.trim();
    for (let start = 1; start <= 2; start++) {
      await using gateway = await startGateway(home);
      expect(gateway.token).toBe(token);
      expect(gateway.stderr).not.toContain(token);
      expect(await initializeStatus(gateway.mcpUrl, token)).toBe(200);
      expect(await initializeStatus(gateway.mcpUrl, `${token}x`)).toBe(401);
      expect(await initializeStatus(gateway.mcpUrl, undefined)).toBe(401);
    }
  });

  it("is made by the first HTTP start when there is none, and `gateway token` then prints it", async () => {
    await using home = await TempHome.create();
    let served: string | undefined;
    {
      await using gateway = await startGateway(home);
      served = gateway.token;
    }
    expect(served).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect((await home.run(["gateway", "token"])).stdout).toBe(`${served}\n`);
  });

  it("is the same for gateway token commands racing on a new home", async () => {
    await using home = await TempHome.create();
    const runs = await Promise.all(Array.from({ length: 4 }, () => home.run(["gateway", "token"])));
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0, 0]);
    expect(new Set(runs.map((r) => r.stdout)).size).toBe(1);
    expect(await readFile(home.path("auth-token"), "utf8")).toBe(runs[0]!.stdout);
  });

  it("is the token the server app serves and prints when none is given, start after start", async () => {
    await using home = await TempHome.create();
    const token = (await home.run(["gateway", "token"])).stdout.trim();
    for (let start = 1; start <= 2; start++) {
      const started = await serverAppStart(home);
      expect(started).toMatchObject({ token, file: home.path("auth-token"), status: 200 });
      expect(started.stderr).not.toContain(token);
    }
  });
});
