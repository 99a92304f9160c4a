// Who may reach an HTTP gateway is one rule for `mcpgw gateway run` and the server app: bound
// off loopback, serving without a token is refused. Both real programs are run with the same
// settings, one by flags and one by variables, and must refuse with the same problems and the
// same exit code (the CLI's for INVALID_ARGUMENT).
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { EXIT_CODES } from "@mcpgw/core";
import { describe, expect, it } from "vitest";
import { TempHome } from "../support/cli.js";
import { runProcess } from "../support/process.js";

/** The built server app's program, as its image runs it (the package's entry is in src/ or dist/, beside each other). */
const SERVER_BIN = join(dirname(createRequire(import.meta.url).resolve("@mcpgw/server")), "..", "dist", "index.js");

/** The lines of a refusal that name its problems: `  - …` of a list, or the one problem after the prefix. */
function problemsOf(stderr: string, prefix: string): string[] {
  const listed = [...stderr.matchAll(/^ {2}- (.+)$/gm)].map((m) => m[1]!);
  if (listed.length > 0) return listed;
  const single = new RegExp(`^${prefix}(.+)$`, "m").exec(stderr)?.[1];
  return single === undefined ? [] : [single];
}

describe("exposure off loopback", () => {
  it("gateway run --host 0.0.0.0 --allow-unauthenticated is refused as the server app refuses MCPGW_HOST=0.0.0.0 MCPGW_ALLOW_UNAUTHENTICATED=true", async () => {
    await using home = await TempHome.create();
    const cli = await home.run(["gateway", "run", "--transport", "streaming", "--host", "0.0.0.0", "--port", "0", "--allow-unauthenticated", "--watch=false"]);
    const server = await runProcess(process.execPath, [SERVER_BIN], {
      env: { MCPGW_HOST: "0.0.0.0", MCPGW_PORT: "0", MCPGW_ALLOW_UNAUTHENTICATED: "true", MCPGW_HOME: home.root, MCPGW_WATCH: "false" },
    });

    const fromServer = problemsOf(server.stderr, "mcpgw-server: Invalid environment: ");
    expect(fromServer).toEqual([
      expect.stringMatching(/^Serving without a token \(--allow-unauthenticated, MCPGW_ALLOW_UNAUTHENTICATED=true\) is refused: the gateway is bound to 0\.0\.0\.0 /),
      expect.stringMatching(/^Allowed hosts \(--allowed-hosts, MCPGW_ALLOWED_HOSTS\) are required: /),
    ]);
    expect(problemsOf(cli.stderr, "Error: ")).toEqual(fromServer);
    expect(cli.stdout).not.toContain("serving MCP");
    expect(server.stdout).toBe("");
    expect(cli.code).toBe(EXIT_CODES.INVALID_ARGUMENT);
    expect(server.code).toBe(EXIT_CODES.INVALID_ARGUMENT);
  });

  it("gateway run --host 0.0.0.0 without a token or allowed hosts is refused, naming each", async () => {
    await using home = await TempHome.create();
    const refused = await home.run(["gateway", "run", "--transport", "streaming", "--host", "0.0.0.0", "--port", "0", "--watch=false"]);
    expect(refused.code).toBe(EXIT_CODES.INVALID_ARGUMENT);
    expect(problemsOf(refused.stderr, "Error: ")).toEqual([
      expect.stringMatching(/^MCPGW_AUTH_TOKEN is required: the gateway is bound to 0\.0\.0\.0 \(--host, MCPGW_HOST\), not a loopback address\./),
      expect.stringMatching(/^Allowed hosts \(--allowed-hosts, MCPGW_ALLOWED_HOSTS\) are required: /),
    ]);
    const oneMissing = await home.run(["gateway", "run", "--transport", "streaming", "--host", "0.0.0.0", "--port", "0", "--allowed-hosts", "gateway.internal", "--watch=false"]);
    expect(oneMissing.code).toBe(EXIT_CODES.INVALID_ARGUMENT);
    expect(oneMissing.stderr).toMatch(/^Error: MCPGW_AUTH_TOKEN is required: /m);
  });
});
