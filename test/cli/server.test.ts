import { readFile, writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { TempHome } from "../support/cli.js";
import { DOCKER_CATALOG, snapshotTree } from "../support/files.js";

describe("mcpgw server", () => {
  it("enables, lists, inspects, disables and resets, keeping the registry's comments", async () => {
    await using home = await TempHome.create();
    await home.run(["catalog", "import", DOCKER_CATALOG]);
    await writeFile(home.path("registry.yaml"), "# my gateway\nregistry:\n  everything:\n    catalog: docker-mcp\n    enabled: false\n");
    const enabled = await home.run(["server", "enable", "github-official", "everything"]);
    expect(enabled.code).toBe(0);
    expect(enabled.stdout).toContain("Enabled github-official, everything.");
    // What a server still needs is said at once, with the command that sets it.
    expect(enabled.stderr).toContain('server "github-official" needs secret github.personal_access_token');
    expect(enabled.stderr).toContain("mcpgw secret set github.personal_access_token");
    const registry = await readFile(home.path("registry.yaml"), "utf8");
    expect(registry).toContain("# my gateway");
    expect(parse(registry)).toEqual({ registry: { everything: { catalog: "docker-mcp", enabled: true }, "github-official": { ref: "" } } });

    const ls = JSON.parse((await home.run(["server", "ls", "--json"])).stdout) as { name: string; ready: boolean; problems: { code: string }[] }[];
    expect(ls.map((s) => [s.name, s.ready, s.problems.map((p) => p.code)])).toEqual([
      ["everything", true, []],
      ["github-official", false, ["SECRET_MISSING"]],
    ]);

    const inspect = JSON.parse((await home.run(["server", "inspect", "github-official", "--json"])).stdout);
    expect(inspect).toMatchObject({
      name: "github-official",
      type: "server",
      enabled: true,
      secrets: [{ name: "github.personal_access_token", env: "GITHUB_PERSONAL_ACCESS_TOKEN", source: null }],
      tools: [expect.objectContaining({ name: "create_issue", enabled: true }), expect.objectContaining({ name: "get_me", enabled: true })],
      ready: false,
    });

    expect((await home.run(["server", "disable", "everything"])).stdout).toContain("Disabled everything.");
    expect(parse(await readFile(home.path("registry.yaml"), "utf8")).registry.everything).toEqual({ catalog: "docker-mcp", enabled: false });
    expect((await home.run(["server", "reset"])).stdout).toContain("Disabled github-official.");
    expect(JSON.parse((await home.run(["server", "ls", "--json"])).stdout)).toEqual([]);
  });

  it("suggests the closest names for an unknown server and changes nothing", async () => {
    await using home = await TempHome.create();
    await home.run(["catalog", "import", DOCKER_CATALOG]);
    await home.run(["server", "enable", "everything"]);
    const before = await snapshotTree(home.root);
    const result = await home.run(["server", "enable", "filesystem", "github"]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('no server "github" in the catalogs. Did you mean "github-official"?');
    expect(await snapshotTree(home.root)).toEqual(before);
    const inspect = await home.run(["server", "inspect", "evrything"]);
    expect(inspect.code).toBe(3);
    expect(inspect.stderr).toContain('Did you mean "everything"?');
  });

  it("lands all of ten concurrent enable processes", async () => {
    await using home = await TempHome.create();
    const names = Array.from({ length: 10 }, (_, i) => `server-${i}`);
    const catalog = `name: many\nregistry:\n${names.map((n) => `  ${n}:\n    image: test/${n}\n`).join("")}`;
    await writeFile(home.path("many.yaml"), catalog);
    await home.run(["catalog", "import", home.path("many.yaml")]);
    const results = await Promise.all(names.map((n) => home.run(["server", "enable", n])));
    expect(results.map((r) => r.code)).toEqual(names.map(() => 0));
    const registry = parse(await readFile(home.path("registry.yaml"), "utf8")) as { registry: Record<string, unknown> };
    expect(Object.keys(registry.registry).sort()).toEqual([...names].sort());
  });

  it("names the file, line and column of a broken registry.yaml, and the server ls exit code says so", async () => {
    await using home = await TempHome.create();
    await writeFile(home.path("registry.yaml"), "registry:\n  a: {ref: ''\n");
    const result = await home.run(["server", "ls"]);
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(new RegExp(`${home.path("registry.yaml")}:\\d+:\\d+: `));
    const wrong = await home.run(["server", "enable", "x"]);
    expect(wrong.code).toBe(4);
    expect(await readFile(home.path("registry.yaml"), "utf8")).toBe("registry:\n  a: {ref: ''\n");
  });
});
