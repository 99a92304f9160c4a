import { copyFile, readFile, writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { TempHome } from "../support/cli.js";
import { DOCKER_CATALOG, snapshotTree } from "../support/files.js";

describe("mcpgw catalog", () => {
  it("imports a Docker-format catalog that uses every field, warning only about the unknown one", async () => {
    await using home = await TempHome.create();
    const imported = await home.run(["catalog", "import", DOCKER_CATALOG]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain("Catalog docker-mcp: 6 added, 0 updated, 0 unchanged.");
    expect(imported.stderr).toMatch(/docker-catalog\.yaml:\d+:\d+: warning: registry\.notion-remote\.colour: unknown field "colour"/);

    const show = await home.run(["catalog", "show", "docker-mcp", "--json"]);
    expect(show.code).toBe(0);
    const servers = JSON.parse(show.stdout) as { name: string; type: string }[];
    expect(servers.map((s) => [s.name, s.type])).toEqual([
      ["curl", "poci"],
      ["everything", "process"],
      ["filesystem", "server"],
      ["github-official", "server"],
      ["legacy-sse", "remote"],
      ["notion-remote", "remote"],
    ]);
    // The unknown field survives in the stored catalog.
    expect(await readFile(home.path("catalogs", "docker-mcp.yaml"), "utf8")).toContain("colour: blue");
  });

  it("merges two imports: entries of the first survive the second, and the report says what changed", async () => {
    await using home = await TempHome.create();
    const first = home.path("first.yaml");
    const second = home.path("second.yaml");
    await writeFile(first, "name: team\nregistry:\n  # the team's notes server\n  notes:\n    type: process\n    process: {command: node, args: [notes.js]}\n  clock:\n    type: process\n    process: {command: node, args: [clock.js]}\n");
    await writeFile(second, "name: team\nregistry:\n  clock:\n    type: process\n    process: {command: node, args: [clock2.js]}\n  memory:\n    type: process\n    process: {command: npx, args: [server-memory]}\n  notes:\n    type: process\n    process: {command: node, args: [notes.js]}\n");
    expect((await home.run(["catalog", "import", first])).code).toBe(0);
    const merged = await home.run(["catalog", "import", second, "--json"]);
    expect(JSON.parse(merged.stdout)).toEqual({ catalog: "team", source: second, added: ["memory"], updated: ["clock"], unchanged: ["notes"] });
    const text = await readFile(home.path("catalogs", "team.yaml"), "utf8");
    expect(text).toContain("# the team's notes server");
    const show = JSON.parse((await home.run(["catalog", "show", "team", "--json"])).stdout) as { name: string; launch: string }[];
    expect(show.map((s) => [s.name, s.launch])).toEqual([
      ["clock", "node clock2.js"],
      ["memory", "npx server-memory"],
      ["notes", "node notes.js"],
    ]);
  });

  it("layers catalogs in file order and says where each entry came from", async () => {
    await using home = await TempHome.create();
    await writeFile(home.path("a.yaml"), "registry:\n  clock:\n    type: process\n    process: {command: node, args: [a.js]}\n  only-a:\n    image: x/a\n");
    await writeFile(home.path("b.yaml"), "registry:\n  clock:\n    type: process\n    process: {command: node, args: [b.js]}\n");
    await home.run(["catalog", "import", home.path("a.yaml")]);
    await home.run(["catalog", "import", home.path("b.yaml")]);
    const show = JSON.parse((await home.run(["catalog", "show", "--json"])).stdout) as { name: string; launch: string; file: string; shadows: string[] }[];
    const clock = show.find((s) => s.name === "clock")!;
    expect(clock.launch).toBe("node b.js");
    expect(clock.file).toBe(home.path("catalogs", "b.yaml"));
    expect(clock.shadows).toEqual([home.path("catalogs", "a.yaml")]);
    expect(show.find((s) => s.name === "only-a")?.file).toBe(home.path("catalogs", "a.yaml"));
  });

  it("lists, exports exactly, and removes catalogs", async () => {
    await using home = await TempHome.create();
    await home.run(["catalog", "import", DOCKER_CATALOG]);
    const ls = JSON.parse((await home.run(["catalog", "ls", "--json"])).stdout);
    expect(ls).toEqual([expect.objectContaining({ name: "docker-mcp", servers: 6, displayName: "Docker MCP Catalog", valid: true })]);
    const exported = home.path("out.yaml");
    expect((await home.run(["catalog", "export", "docker-mcp", exported])).code).toBe(0);
    expect(await readFile(exported, "utf8")).toBe(await readFile(home.path("catalogs", "docker-mcp.yaml"), "utf8"));
    const rmMissing = await home.run(["catalog", "rm", "docker-mpc"]);
    expect(rmMissing.code).toBe(3);
    expect((await home.run(["catalog", "rm", "docker-mcp"])).code).toBe(0);
    expect(JSON.parse((await home.run(["catalog", "ls", "--json"])).stdout)).toEqual([]);
  });

  it("init gives a new home a starter catalog that runs without Docker, and merges on a second run", async () => {
    await using home = await TempHome.create();
    const first = await home.run(["catalog", "init", "--json"]);
    expect(first.code).toBe(0);
    const report = JSON.parse(first.stdout);
    expect(report.added).toEqual(expect.arrayContaining(["clock", "notes", "everything", "memory", "filesystem"]));
    expect(report.enabled).toEqual(["clock", "notes"]);
    const show = JSON.parse((await home.run(["catalog", "show", "--json"])).stdout) as { type: string }[];
    expect(new Set(show.map((s) => s.type))).toEqual(new Set(["process"]));
    // A user's own entry in the starter catalog survives a second init.
    const file = home.path("catalogs", "starter.yaml");
    await writeFile(file, `${await readFile(file, "utf8")}  mine:\n    type: process\n    process: {command: ./mine}\n`);
    const again = JSON.parse((await home.run(["catalog", "init", "--json"])).stdout);
    expect(again).toMatchObject({ added: [], updated: [], enabled: [] });
    expect(await readFile(file, "utf8")).toContain("mine:");
    const ready = JSON.parse((await home.run(["server", "ls", "--json"])).stdout) as { name: string; ready: boolean }[];
    expect(ready).toEqual([expect.objectContaining({ name: "clock", ready: true }), expect.objectContaining({ name: "notes", ready: true })]);
  });

  it("refuses broken YAML and schema errors with file, line and field, changing nothing", async () => {
    await using home = await TempHome.create();
    await home.run(["catalog", "import", DOCKER_CATALOG]);
    const broken = home.path("broken.yaml");
    await writeFile(broken, "name: docker-mcp\nregistry:\n  clock:\n    image: [unclosed\n");
    const wrong = home.path("wrong.yaml");
    await writeFile(wrong, "name: docker-mcp\nregistry:\n  clock:\n    type: process\n    process:\n      args: [x]\n  fine:\n    image: a/b\n");
    const before = await snapshotTree(home.root);
    const syntax = await home.run(["catalog", "import", broken]);
    expect(syntax.code).toBe(4);
    expect(syntax.stderr).toMatch(new RegExp(`${broken}:\\d+:\\d+: `));

    const schema = await home.run(["catalog", "import", wrong]);
    expect(schema.code).toBe(4);
    expect(schema.stderr).toContain(`${wrong}:5:5: registry.clock.process.command:`);
    expect(await snapshotTree(home.root)).toEqual(before);

    // A stored catalog that breaks is named by every command that reads it.
    await copyFile(broken, home.path("catalogs", "zz.yaml"));
    const show = await home.run(["catalog", "show"]);
    expect(show.code).toBe(4);
    expect(show.stderr).toMatch(new RegExp(`${home.path("catalogs", "zz.yaml")}:\\d+:\\d+: `));
  });
});
