import { mkdir, readFile, realpath, writeFile } from "node:fs/promises";
import { parse as parseToml } from "smol-toml";
import { parse as parseYaml } from "yaml";
import { describe, expect, it } from "vitest";
import { CLI_BIN, TempHome } from "../support/cli.js";

const VSCODE = `{
  // servers for this project
  "servers": {
    "github": { "type": "http", "url": "https://api.githubcopilot.com/mcp/" },
    "MCP_DOCKER": { "type": "stdio", "command": "docker", "args": ["mcp", "gateway", "run"] }
  },
  "inputs": []
}
`;
const CODEX = `# my Codex
model = "o4"

[mcp_servers.github]
command = "docker"
args = ["run", "-i", "github"] # pinned
`;
const CONTINUE = `name: My assistant
# the tools I use
mcpServers:
  - name: github
    command: docker
models: []
`;

describe("mcpgw client", () => {
  it("connects and disconnects a JSONC, a TOML and a YAML client, leaving the rest of each file as it was", async () => {
    await using home = await TempHome.create();
    const user = home.path("user");
    const project = home.path("project");
    const files = {
      vscode: `${project}/.vscode/mcp.json`,
      codex: `${user}/.codex/config.toml`,
      continue: `${user}/.continue/config.yaml`,
    };
    await mkdir(`${project}/.vscode`, { recursive: true });
    await mkdir(`${user}/.codex`, { recursive: true });
    await mkdir(`${user}/.continue`, { recursive: true });
    await writeFile(files.vscode, VSCODE);
    await writeFile(files.codex, CODEX);
    await writeFile(files.continue, CONTINUE);
    const run = (args: string[], env: Record<string, string> = {}) => home.run(["client", ...args], { cwd: project, env: { HOME: user, ...env } });

    const before = JSON.parse((await run(["ls", "--json"])).stdout) as { id: string; file: string; installed: boolean; connected: boolean; docker: boolean }[];
    expect(before.find((c) => c.id === "vscode")).toMatchObject({ file: files.vscode, connected: false, docker: true });
    expect(before.find((c) => c.id === "codex")).toMatchObject({ file: files.codex, installed: true, connected: false });
    expect(before.find((c) => c.id === "cursor")).toMatchObject({ installed: false });

    const stdio = { command: process.execPath, args: [await realpath(CLI_BIN), "gateway", "run"], env: { MCPGW_HOME: home.root } };
    const vscode = await run(["connect", "vscode", "--replace-docker"]);
    expect(vscode.code).toBe(0);
    const written = await readFile(files.vscode, "utf8");
    expect(written).toContain("// servers for this project");
    expect(written).not.toContain("MCP_DOCKER");
    expect(await readFile(`${files.vscode}.bak`, "utf8")).toBe(VSCODE);

    // Docker's `-g` and `connect <client>` forms; the token comes from the environment and Codex names the variable.
    const codex = await run(["connect", "codex", "-g", "--url", "http://127.0.0.1:8811/mcp"], { MCPGW_AUTH_TOKEN: "tok-e2e-secret" });
    expect(codex.code).toBe(0);
    const codexText = await readFile(files.codex, "utf8");
    expect((parseToml(codexText) as { mcp_servers: Record<string, unknown> }).mcp_servers.mcpgw).toEqual({
      url: "http://127.0.0.1:8811/mcp",
      bearer_token_env_var: "MCPGW_AUTH_TOKEN",
    });
    expect(codexText).not.toContain("tok-e2e-secret");
    expect(codex.stdout + codex.stderr).not.toContain("tok-e2e-secret");

    expect((await run(["connect", "continue"])).code).toBe(0);
    const servers = (parseYaml(await readFile(files.continue, "utf8")) as { mcpServers: { name: string }[] }).mcpServers;
    expect(servers).toEqual([{ name: "github", command: "docker" }, { name: "mcpgw", ...stdio }]);

    const after = JSON.parse((await run(["ls", "--json"])).stdout) as { id: string; connected: boolean }[];
    expect(after.filter((c) => c.connected).map((c) => c.id).sort()).toEqual(["codex", "continue", "vscode"]);

    for (const client of ["codex", "continue"]) expect((await run(["disconnect", client, "--global"])).code).toBe(0);
    expect(await readFile(files.codex, "utf8")).toBe(CODEX);
    expect(await readFile(files.continue, "utf8")).toBe(CONTINUE);
  });

  it("refuses --url without a token and a file that does not parse, and names the place", async () => {
    await using home = await TempHome.create();
    const user = home.path("user");
    const noToken = await home.run(["client", "connect", "cursor", "-g", "--url", "http://127.0.0.1:8811/mcp"], { env: { HOME: user } });
    expect(noToken.code).not.toBe(0);
    expect(noToken.stderr).toContain("MCPGW_AUTH_TOKEN");

    await mkdir(`${user}/.cursor`, { recursive: true });
    const broken = '{\n  "mcpServers": {,\n}\n';
    await writeFile(`${user}/.cursor/mcp.json`, broken);
    const result = await home.run(["client", "connect", "cursor", "--global"], { env: { HOME: user } });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/mcp\.json:2:\d+: invalid JSON/);
    expect(await readFile(`${user}/.cursor/mcp.json`, "utf8")).toBe(broken);
  });

  it("takes the gateway's stored token for --url when MCPGW_AUTH_TOKEN is unset, and never prints it", async () => {
    await using home = await TempHome.create();
    const user = home.path("user");
    const token = (await home.run(["gateway", "token"])).stdout.trim();
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const connected = await home.run(["client", "connect", "cursor", "-g", "--url", "http://127.0.0.1:8811/mcp"], { env: { HOME: user } });
    expect(connected.code, connected.stderr).toBe(0);
    expect(`${connected.stdout}${connected.stderr}`).not.toContain(token);
    const written = JSON.parse(await readFile(`${user}/.cursor/mcp.json`, "utf8"));
    expect(written.mcpServers.mcpgw).toEqual({ url: "http://127.0.0.1:8811/mcp", headers: { Authorization: `Bearer ${token}` } });
  });

  it("writes an entry for a profile with --profile, over stdio or at the profile's /mcp/NAME, and refuses one that does not exist", async () => {
    await using home = await TempHome.create();
    const user = home.path("user");
    await mkdir(home.path("profiles"), { recursive: true });
    await writeFile(home.path("profiles", "review.yaml"), "servers: {}\n");
    const run = (args: string[]) => home.run(["client", "connect", "cursor", "-g", ...args], { env: { HOME: user, MCPGW_AUTH_TOKEN: "tok-profile-e2e" } });
    const file = `${user}/.cursor/mcp.json`;

    expect((await run(["--profile", "review"])).code).toBe(0);
    expect(JSON.parse(await readFile(file, "utf8")).mcpServers.mcpgw.args).toEqual([await realpath(CLI_BIN), "gateway", "run", "--profile", "review"]);

    expect((await run(["--profile", "review", "--url", "http://127.0.0.1:8811/mcp"])).code).toBe(0);
    expect(JSON.parse(await readFile(file, "utf8")).mcpServers.mcpgw.url).toBe("http://127.0.0.1:8811/mcp/review");

    const before = await readFile(file, "utf8");
    const missing = await run(["--profile", "reveiw"]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/no profile "reveiw".*review/s);
    const elsewhere = await run(["--profile", "review", "--url", "http://127.0.0.1:8811/sse"]);
    expect(elsewhere.code).not.toBe(0);
    expect(elsewhere.stderr).toContain("/mcp URL");
    expect(await readFile(file, "utf8")).toBe(before);
  });
});
