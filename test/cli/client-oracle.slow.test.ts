// A real client reads the entry `mcpgw client connect` writes: Gemini CLI's own `gemini mcp list`
// reads its settings files, connects to every server in them (starting mcpgw over stdio, or
// sending mcpgw's token over HTTP) and prints each one Connected or Disconnected. Gemini runs
// with HOME in a temporary folder, usage statistics, telemetry and update checks off, and every
// proxy variable pointing at a closed loopback port, so it reaches nothing but 127.0.0.1.
import { mkdir, readFile, realpath, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CliResult } from "../support/cli.js";
import { CLI_BIN, TempHome } from "../support/cli.js";
import { startGateway } from "../support/gateway.js";
import { runProcess } from "../support/process.js";
import { clockProcess, writeHome } from "../support/servers.js";

const GEMINI_BIN = join(dirname(createRequire(import.meta.url).resolve("@google/gemini-cli/package.json")), "bundle", "gemini.js");

/** The user's own Gemini settings, which every connect and disconnect must keep. */
const GEMINI_SETTINGS = `{
  // offline: no usage statistics, telemetry or update checks
  "privacy": { "usageStatisticsEnabled": false },
  "telemetry": { "enabled": false },
  "general": { "enableAutoUpdate": false, "enableAutoUpdateNotification": false }
}
`;

const OFFLINE = { HTTPS_PROXY: "http://127.0.0.1:1", HTTP_PROXY: "http://127.0.0.1:1", NO_PROXY: "127.0.0.1,localhost" };

/** A user's HOME with Gemini's settings and a project folder Gemini trusts (it ignores MCP servers elsewhere). */
async function geminiUser(home: TempHome): Promise<{ user: string; project: string; settings: string }> {
  const user = home.path("user");
  const project = join(user, "project");
  const settings = join(user, ".gemini", "settings.json");
  await mkdir(project, { recursive: true });
  await mkdir(dirname(settings), { recursive: true });
  await writeFile(settings, GEMINI_SETTINGS);
  await writeFile(join(user, ".gemini", "trustedFolders.json"), JSON.stringify({ [project]: "TRUST_FOLDER" }));
  await writeHome(home, { clock: clockProcess() });
  return { user, project, settings };
}

/** `gemini mcp list` in the project folder: its listing, which Gemini prints on stdout and stderr alike. */
async function geminiList(user: string, project: string): Promise<string> {
  const result = await runProcess(process.execPath, [GEMINI_BIN, "mcp", "list"], {
    cwd: project,
    env: { HOME: user, GEMINI_CLI_NO_RELAUNCH: "true", ...OFFLINE },
  });
  expect(result.code, result.stderr).toBe(0);
  return `${result.stdout}${result.stderr}`;
}

function expectOk(result: CliResult): void {
  expect(result.code, result.stderr).toBe(0);
}

describe("Gemini CLI reads the entry mcpgw client connect writes", () => {
  it("over stdio: Gemini lists mcpgw, starts the gateway and connects; after disconnect it lists nothing", async () => {
    await using home = await TempHome.create();
    const { user, project, settings } = await geminiUser(home);
    const client = (args: string[]) => home.run(["client", ...args, "gemini", "--global"], { cwd: project, env: { HOME: user } });

    expect(await geminiList(user, project)).toContain("No MCP servers configured.");
    expectOk(await client(["connect"]));
    expect(await readFile(settings, "utf8")).toContain("// offline: no usage statistics");

    const listed = await geminiList(user, project);
    expect(listed).toContain(`✓ mcpgw: ${process.execPath} ${await realpath(CLI_BIN)} gateway run (stdio) - Connected`);

    expectOk(await client(["disconnect"]));
    expect(await readFile(settings, "utf8")).toBe(GEMINI_SETTINGS);
    const after = await geminiList(user, project);
    expect(after).toContain("No MCP servers configured.");
    expect(after).not.toContain("mcpgw");
  });

  it("over HTTP with --url: Gemini connects with the token of the entry, never shows it, and forgets the entry on disconnect", async () => {
    await using home = await TempHome.create();
    const { user, project } = await geminiUser(home);
    const token = "tok-gemini-oracle-0123456789abcdef";
    await using gateway = await startGateway(home, { env: { MCPGW_AUTH_TOKEN: token } });
    // Without --global, Gemini's project file in the current folder gets the entry.
    const client = (args: string[], env: Record<string, string> = {}) => home.run(["client", ...args, "gemini"], { cwd: project, env: { HOME: user, ...env } });
    const line = `mcpgw: ${gateway.mcpUrl} (http)`;

    // A wrong token: the entry is read, and the gateway turns Gemini away.
    expectOk(await client(["connect", "--url", gateway.mcpUrl], { MCPGW_AUTH_TOKEN: "tok-not-the-gateways-0123456789" }));
    expect(JSON.parse(await readFile(join(project, ".gemini", "settings.json"), "utf8")).mcpServers.mcpgw.httpUrl).toBe(gateway.mcpUrl);
    expect(await geminiList(user, project)).toContain(`✗ ${line} - Disconnected`);

    expectOk(await client(["connect", "--url", gateway.mcpUrl], { MCPGW_AUTH_TOKEN: token }));
    const listed = await geminiList(user, project);
    expect(listed).toContain(`✓ ${line} - Connected`);
    expect(listed).not.toContain(token);

    expectOk(await client(["disconnect"]));
    const after = await geminiList(user, project);
    expect(after).toContain("No MCP servers configured.");
    expect(after).not.toContain("mcpgw");
  });
});
