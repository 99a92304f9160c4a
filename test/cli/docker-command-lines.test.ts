import { readFile, writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { CliResult } from "../support/cli.js";
import { TempHome } from "../support/cli.js";
import { DOCKER_CATALOG } from "../support/files.js";

// The file-mode command lines of Docker MCP Gateway's CLI reference and README, with `mcpgw` in
// place of `docker mcp`: each must run (exit 0, or the documented error), never fail as an
// unknown command or flag, and the editing ones must leave the files Docker's would.

const TOKEN = "ghp_docker_lines_0123456789abcdefghijklmnopqrst";

/** Runs one command line and checks it was understood: no usage error. */
async function ok(home: TempHome, line: string | string[], options: { stdin?: string } = {}): Promise<CliResult> {
  const args = typeof line === "string" ? line.split(" ") : line;
  const result = await home.run(args, options);
  expect(result.stderr, args.join(" ")).not.toMatch(/Nonexistent flag|is not an mcpgw command|command .* not found|Unexpected argument/);
  expect(result.code, `${args.join(" ")}\n${result.stderr}`).toBe(0);
  return result;
}

const json = (result: CliResult): unknown => JSON.parse(result.stdout);

describe("Docker's command lines, with mcpgw in place of docker mcp", () => {
  it("catalog, server, secret, config and tools-file lines against a Docker-format catalog", async () => {
    await using home = await TempHome.create();
    await ok(home, `catalog import ${DOCKER_CATALOG}`);

    expect(json(await ok(home, "catalog ls --format json"))).toEqual([expect.objectContaining({ name: "docker-mcp", valid: true })]);
    expect(json(await ok(home, "catalog ls --format=json"))).toEqual(json(await ok(home, "catalog ls --json")));
    await ok(home, "catalog ls");
    const shown = json(await ok(home, "catalog show docker-mcp --format json")) as { name: string }[];
    expect(shown.map((s) => s.name)).toContain("github-official");
    expect(json(await ok(home, "catalog show --format=json"))).toEqual(json(await ok(home, "catalog show --json")));

    expect(json(await ok(home, "server list --format json"))).toEqual([]);
    await ok(home, "server enable github-official");
    await ok(home, "server add filesystem everything");
    expect(Object.keys(parse(await readFile(home.path("registry.yaml"), "utf8")).registry)).toEqual(["github-official", "filesystem", "everything"]);
    await ok(home, "server list");
    expect((json(await ok(home, "server ls --format=json")) as { name: string }[]).map((s) => s.name)).toEqual(["github-official", "filesystem", "everything"]);
    expect(json(await ok(home, "server inspect github-official --format json"))).toMatchObject({ name: "github-official", enabled: true });
    await ok(home, "server disable filesystem");
    await ok(home, "server remove everything");
    expect(Object.keys(parse(await readFile(home.path("registry.yaml"), "utf8")).registry)).toEqual(["github-official"]);
    await ok(home, "server add everything");
    await ok(home, "server rm everything");
    expect(Object.keys(parse(await readFile(home.path("registry.yaml"), "utf8")).registry)).toEqual(["github-official"]);

    // tools enable|disable edit tools.yaml: a server with no entry has all its catalog tools.
    await ok(home, "tools disable get_me --server github-official");
    expect(parse(await readFile(home.path("tools.yaml"), "utf8"))).toEqual({ "github-official": ["create_issue"] });
    await ok(home, "tools enable get_me");
    expect(parse(await readFile(home.path("tools.yaml"), "utf8"))).toEqual({ "github-official": ["create_issue", "get_me"] });
    expect(json(await ok(home, "server inspect github-official --json"))).toMatchObject({
      tools: [expect.objectContaining({ name: "create_issue", enabled: true }), expect.objectContaining({ name: "get_me", enabled: true })],
    });
    const unknownTool = await home.run(["tools", "disable", "get_mee"]);
    expect(unknownTool.code).toBe(3);
    expect(unknownTool.stderr).toContain('Did you mean "get_me"');

    await ok(home, `secret set github.personal_access_token=${TOKEN}`);
    await ok(home, "secret set notion.token", { stdin: "notion-secret-value" });
    expect(json(await ok(home, "secret ls --format json"))).toContainEqual({ name: "github.personal_access_token", source: "store", usedBy: ["github-official"] });
    const listed = await ok(home, "secret list");
    expect(listed.stdout).not.toContain(TOKEN);
    const exported = await ok(home, "secret export github-official");
    expect(exported.stdout).toBe(`GITHUB_PERSONAL_ACCESS_TOKEN=${TOKEN}\n`);
    const unknownServer = await home.run(["secret", "export", "github"]);
    expect(unknownServer.code).toBe(3);
    expect(unknownServer.stdout).toBe("");
    await ok(home, "secret rm notion.token");
    const missing = await home.run(["secret", "export", "notion-remote"]);
    expect(missing.code).toBe(5);
    expect(missing.stderr).toContain("notion.token");
    expect(missing.stdout).toBe("");
    await ok(home, "secret rm github.personal_access_token");

    await writeFile(home.path("config.yaml"), "# mine\nfilesystem:\n  paths: [/a]\n");
    await ok(home, ["config", "write", "github-official: {toolsets: all}"]);
    expect(json(await ok(home, "config read --format json"))).toEqual({ filesystem: { paths: ["/a"] }, "github-official": { toolsets: "all" } });
    const dumped = (await ok(home, "config dump")).stdout;
    expect(dumped).toBe(await readFile(home.path("config.yaml"), "utf8"));
    expect(dumped).toContain("# mine");
    await ok(home, "config reset");
    expect(json(await ok(home, "config read --json"))).toEqual({});
    await writeFile(home.path("backup.yaml"), dumped);
    await ok(home, `config restore ${home.path("backup.yaml")}`);
    expect(await readFile(home.path("config.yaml"), "utf8")).toBe(dumped);
    await ok(home, "config reset");
    await ok(home, "config restore -", { stdin: dumped });
    expect(await readFile(home.path("config.yaml"), "utf8")).toBe(dumped);
    const bad = await home.run(["config", "restore", "-"], { stdin: "filesystem:\n  paths: [/a\n" });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/<stdin>:\d+/);
    expect(await readFile(home.path("config.yaml"), "utf8")).toBe(dumped);
    const notAMap = await home.run(["config", "restore", "-"], { stdin: "- a\n- b\n" });
    expect(notAMap.code).not.toBe(0);
    expect(await readFile(home.path("config.yaml"), "utf8")).toBe(dumped);

    await ok(home, "server reset");
    expect(json(await ok(home, "server ls --json"))).toEqual([]);

    expect((await ok(home, "version")).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(json(await ok(home, "version --json"))).toMatchObject({ version: expect.stringMatching(/^\d+\.\d+\.\d+/) });

    // Docker's `policy` topic manages Docker Desktop's secret policies (`dump`, `set`), which file
    // mode has no counterpart of; mcpgw's is the access policy, and the help line lists it.
    const policyHelp = await ok(home, "policy --help");
    for (const verb of ["show", "check", "test"]) expect(policyHelp.stdout).toContain(`policy ${verb}`);
  });

  it("tools lines against a running stdio gateway", async () => {
    await using home = await TempHome.create();
    await ok(home, "catalog init");
    await ok(home, "server reset");
    await ok(home, "server add clock");
    const names = (json(await ok(home, "tools list --format=json")) as { name: string }[]).map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(["now", "convert_time"]));
    expect(json(await ok(home, "tools ls --format json"))).toEqual(json(await ok(home, "tools ls --json")));
    await ok(home, "tools list");
    expect(json(await ok(home, "tools count --format json"))).toEqual({ count: names.length });
    expect(json(await ok(home, "tools inspect now --format=json"))).toMatchObject({ name: "now" });
    await ok(home, "tools call now");
    // Docker's --gateway-arg reaches the gateway started for the command.
    expect(json(await ok(home, "tools ls --gateway-arg=--tools=clock:now --format json"))).toEqual([expect.objectContaining({ name: "now" })]);
    await ok(home, "tools disable now");
    expect(parse(await readFile(home.path("tools.yaml"), "utf8"))).toEqual({ clock: names.filter((n) => n !== "now") });
    expect(json(await ok(home, "tools count --format json"))).toEqual({ count: names.length - 1 });
  });

  it("gateway run --dry-run with Docker's flags and transport spellings", async () => {
    await using home = await TempHome.create();
    await ok(home, "catalog init");
    const report = json(await ok(home, `gateway run --dry-run --json --server clock --server notes --debug --additional-catalog ${DOCKER_CATALOG} --server everything`));
    expect((report as { servers: { name: string }[] }).servers.map((s) => s.name)).toEqual(["clock", "notes", "everything"]);
    for (const [i, transport] of ["stdio", "sse", "streaming", "http", "streamable", "streamable-http"].entries()) {
      await ok(home, i % 2 === 0 ? `gateway run --dry-run --transport ${transport} --server clock` : `gateway run --dry-run --transport=${transport} --servers clock --debug=false`);
    }
    // Docker's "standalone dockerized MCP server": an image that no catalog names.
    expect(json(await ok(home, "gateway run --dry-run --json --server docker.io/namespace/repository:latest"))).toMatchObject({ servers: [{ name: "repository", kind: "docker", commandLine: true }] });
    // An unknown --server is the same error as an unknown --servers.
    const one = await home.run(["gateway", "run", "--dry-run", "--server", "nosuch"]);
    const many = await home.run(["gateway", "run", "--dry-run", "--servers", "nosuch"]);
    expect(one.code).not.toBe(0);
    expect([one.code, one.stderr]).toEqual([many.code, many.stderr]);
    expect(one.stderr).toContain('no server "nosuch" in the catalogs');
    expect(one.stderr).not.toContain("server disable");
  });

  it("an unknown command or flag gets the closest names and exit code 2", async () => {
    await using home = await TempHome.create();
    const command = await home.run(["server", "lst"]);
    expect(command.code).toBe(2);
    expect(command.stderr).toMatch(/Did you mean "server ls"/);
    const topic = await home.run(["serve", "ls"]);
    expect(topic.code).toBe(2);
    expect(topic.stderr).toContain("Did you mean");
    const flag = await home.run(["server", "ls", "--fromat", "json"]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("--fromat");
  });
});
