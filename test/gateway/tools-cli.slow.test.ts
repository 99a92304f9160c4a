// Scenario 6: `mcpgw tools ls|count|inspect|call`, the real CLI, against a running HTTP gateway
// (`--url`, `--token` or MCPGW_AUTH_TOKEN) and without `--url` (it starts a stdio gateway of
// the same MCPGW_HOME itself).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { CliResult } from "../support/cli.js";
import { TempHome } from "../support/cli.js";
import { Cleanup, connectV1, listToolNames } from "../support/clients.js";
import type { GatewayProcess } from "../support/gateway.js";
import { stablePort } from "@mcpgw/tooling/testing";
import { startGateway } from "../support/gateway.js";
import { CLOCK_TOOLS, clockProcess, everythingProcess, writeHome } from "../support/servers.js";

function ok(result: CliResult): CliResult {
  expect(result.code, `exit ${result.code}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`).toBe(0);
  return result;
}

describe("mcpgw tools", () => {
  let home: TempHome;
  let gateway: GatewayProcess;
  /** What a v1 client lists from the running gateway: the truth the CLI must print. */
  let served: string[];

  beforeAll(async () => {
    home = await TempHome.create();
    await writeHome(home, { everything: everythingProcess(), clock: clockProcess() });
    gateway = await startGateway(home);
    await using cleanup = new Cleanup();
    const { client } = await connectV1(gateway);
    cleanup.add(client);
    served = await listToolNames(client);
  }, 120_000);

  afterAll(async () => {
    await gateway?.stop();
    await home?.[Symbol.asyncDispose]();
  }, 60_000);

  describe.each([
    ["against the running gateway (--url, --token)", () => ["--url", gateway.mcpUrl, "--token", gateway.token!]],
    ["starting a stdio gateway itself (no --url)", () => []],
  ])("%s", (_how, target) => {
    it("ls prints a table of every tool, and --json the tools themselves", async () => {
      const [table, json] = await Promise.all([home.run(["tools", "ls", ...target()]), home.run(["tools", "ls", "--json", ...target()])]);
      const lines = ok(table).stdout.trimEnd().split("\n");
      expect(lines[0]).toMatch(/^NAME\s+DESCRIPTION$/);
      expect(lines.slice(1).map((l) => l.split(/\s+/)[0]).sort()).toEqual([...served].sort());
      expect(lines).toContainEqual(expect.stringMatching(/^echo\s+Echoes back the input string$/));
      expect(lines).toContainEqual(expect.stringMatching(/^now\s+Current date and time in an IANA time zone/));
      const tools = JSON.parse(ok(json).stdout) as { name: string; inputSchema: { type: string } }[];
      expect(tools.map((t) => t.name).sort()).toEqual([...served].sort());
      expect(tools.every((t) => t.inputSchema.type === "object")).toBe(true);
    }, 90_000);

    it("count says how many", async () => {
      const [text, json] = await Promise.all([home.run(["tools", "count", ...target()]), home.run(["tools", "count", "--json", ...target()])]);
      expect(ok(text).stdout.trim()).toBe(`${served.length} tools`);
      expect(JSON.parse(ok(json).stdout)).toEqual({ count: served.length });
      expect(served).toEqual(expect.arrayContaining(["echo", "get-sum", ...CLOCK_TOOLS]));
    }, 90_000);

    it("inspect shows a tool's description and schema", async () => {
      const inspected = parse(ok(await home.run(["tools", "inspect", "echo", ...target()])).stdout) as Record<string, unknown>;
      expect(inspected).toMatchObject({
        name: "echo",
        description: "Echoes back the input string",
        inputSchema: { type: "object", properties: { message: { type: "string" } }, required: ["message"] },
      });
      const typo = await home.run(["tools", "inspect", "eco", ...target()]);
      expect(typo.code).toBe(3);
      expect(typo.stderr).toContain('no tool "eco". Did you mean "echo"?');
    }, 90_000);

    it("call passes key=value arguments as the schema types them and prints the result", async () => {
      const [echo, sum, now] = await Promise.all([
        home.run(["tools", "call", "echo", "message=hello from the CLI", ...target()]),
        home.run(["tools", "call", "get-sum", "a=2", "b=40", ...target()]),
        home.run(["tools", "call", "now", "timezone=Asia/Tokyo", "--json", ...target()]),
      ]);
      expect(ok(echo).stdout.trim()).toBe("Echo: hello from the CLI");
      expect(ok(sum).stdout.trim()).toBe("The sum of 2 and 40 is 42.");
      expect(JSON.parse(ok(now).stdout)).toMatchObject({ structuredContent: { timezone: "Asia/Tokyo", utc_offset: "+09:00" } });
      const unknown = await home.run(["tools", "call", "nwo", ...target()]);
      expect(unknown.code).toBe(3);
      expect(unknown.stderr).toContain('Did you mean "now"?');
      const malformed = await home.run(["tools", "call", "echo", "message", ...target()]);
      expect(malformed.code).toBe(2);
      expect(malformed.stderr).toContain('"message" is not key=value');
    }, 90_000);
  });

  it("takes the token from MCPGW_AUTH_TOKEN, and fails clearly with a wrong one or none", async () => {
    const fromEnv = await home.run(["tools", "count", "--url", gateway.mcpUrl], { env: { MCPGW_AUTH_TOKEN: gateway.token! } });
    expect(ok(fromEnv).stdout.trim()).toBe(`${served.length} tools`);
    const wrong = await home.run(["tools", "count", "--url", gateway.mcpUrl, "--token", "not-the-token"]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain("Unauthorized: the bearer token is not valid");
    expect(wrong.stderr).not.toMatch(/hit a bug/);
    const none = await home.run(["tools", "count", "--url", gateway.mcpUrl]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("Unauthorized");
  }, 90_000);

  it("says so when no gateway listens at --url, rather than reporting a bug", async () => {
    const url = `http://127.0.0.1:${await stablePort()}/mcp`;
    const result = await home.run(["tools", "ls", "--url", url, "--token", "x"]);
    expect(result.stderr).not.toMatch(/hit a bug/);
    expect(result.stderr).toContain(`could not reach a gateway at ${url}`);
    expect(result.code).toBe(8);
  }, 60_000);
});
