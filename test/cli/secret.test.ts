import { mkdir, stat, writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import type { CliResult } from "../support/cli.js";
import { TempHome } from "../support/cli.js";
import { DOCKER_CATALOG } from "../support/files.js";

const TOKEN = "tok-e2e-0123456789abcdef";
const OTHER = "second-value-9876543210";

function expectNoSecret(...results: CliResult[]) {
  for (const r of results) {
    expect(r.stdout).not.toContain(TOKEN);
    expect(r.stderr).not.toContain(TOKEN);
    expect(r.stdout).not.toContain(OTHER);
    expect(r.stderr).not.toContain(OTHER);
  }
}

describe("mcpgw secret", () => {
  it("sets from stdin and KEY=VALUE into a 0600 store, lists names and sources only, removes", async () => {
    await using home = await TempHome.create();
    await home.run(["catalog", "import", DOCKER_CATALOG]);
    await home.run(["server", "enable", "github-official", "notion-remote"]);
    const fromStdin = await home.run(["secret", "set", "github.personal_access_token"], { stdin: `${TOKEN}\n` });
    const inline = await home.run(["secret", "set", `other=${OTHER}`]);
    expect([fromStdin.code, inline.code]).toEqual([0, 0]);
    expect((await stat(home.path("secrets.json"))).mode & 0o777).toBe(0o600);

    const ls = await home.run(["secret", "ls", "--json"]);
    expect(JSON.parse(ls.stdout)).toEqual([
      { name: "github.personal_access_token", source: "store", usedBy: ["github-official"] },
      { name: "notion.token", source: null, usedBy: ["notion-remote"] },
      { name: "other", source: "store", usedBy: [] },
    ]);
    const table = await home.run(["secret", "ls"]);
    expect(table.stdout).toMatch(/notion\.token\s+missing\s+notion-remote/);
    const servers = await home.run(["server", "ls", "--json"]);
    const inspect = await home.run(["server", "inspect", "github-official", "--json"]);
    expect(JSON.parse(inspect.stdout).secrets).toEqual([{ name: "github.personal_access_token", env: "GITHUB_PERSONAL_ACCESS_TOKEN", source: "store" }]);
    expectNoSecret(fromStdin, inline, ls, table, servers, inspect);

    const typo = await home.run(["secret", "rm", "other", "github.personal_acess_token"]);
    expect(typo.code).toBe(3);
    expect(typo.stderr).toContain('Did you mean "github.personal_access_token"?');
    expect(JSON.parse((await home.run(["secret", "ls", "--json"])).stdout).filter((s: { source: string }) => s.source === "store")).toHaveLength(2);
    expect((await home.run(["secret", "rm", "other"])).stdout).toContain("Removed other.");
  });

  it("resolves through a chain of .env file, /run/secrets-style folder and environment, in order", async () => {
    await using home = await TempHome.create();
    await home.run(["catalog", "import", DOCKER_CATALOG]);
    await home.run(["server", "enable", "github-official", "notion-remote"]);
    await writeFile(home.path("team.env"), `GITHUB_PERSONAL_ACCESS_TOKEN=${TOKEN}\n`);
    await mkdir(home.path("run-secrets"));
    await writeFile(home.path("run-secrets", "notion.token"), `${OTHER}\n`);
    const chain = `store:${home.path("team.env")}:${home.path("run-secrets")}`;
    const ls = await home.run(["secret", "ls", "--json", "--secrets", chain]);
    expect(JSON.parse(ls.stdout)).toEqual([
      { name: "github.personal_access_token", source: home.path("team.env"), usedBy: ["github-official"] },
      { name: "notion.token", source: home.path("run-secrets"), usedBy: ["notion-remote"] },
    ]);
    const servers = await home.run(["server", "ls", "--json", "--secrets", chain]);
    expect(JSON.parse(servers.stdout).map((s: { ready: boolean }) => s.ready)).toEqual([true, true]);
    const fromEnv = await home.run(["server", "ls", "--json", "--secrets", "env"], { env: { NOTION_TOKEN: OTHER, GITHUB_PERSONAL_ACCESS_TOKEN: TOKEN } });
    expect(JSON.parse(fromEnv.stdout).map((s: { ready: boolean }) => s.ready)).toEqual([true, true]);
    const desktop = await home.run(["secret", "ls", "--secrets", "docker-desktop"]);
    expect(desktop.stderr).toMatch(/docker-desktop/);
    // A .env file that is not there is a warning, as in Docker; any other missing path an error.
    const missingFile = await home.run(["secret", "ls", "--secrets", `store:${home.path("nope.env")}`]);
    expect(missingFile.code).toBe(0);
    expect(missingFile.stderr).toContain("nope.env");
    const missingFolder = await home.run(["secret", "ls", "--secrets", `store:${home.path("nope-secrets")}`]);
    expect(missingFolder.code).not.toBe(0);
    expect(missingFolder.stderr).toContain("nope-secrets");
    expectNoSecret(ls, servers, fromEnv, desktop, missingFile, missingFolder);
  });

  it("refuses an empty value", async () => {
    await using home = await TempHome.create();
    const empty = await home.run(["secret", "set", "x"], { stdin: "" });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain("no value given for x");
  });
});
