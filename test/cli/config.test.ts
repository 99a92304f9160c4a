import { readFile, writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { TempHome } from "../support/cli.js";
import { DOCKER_CATALOG, snapshotTree } from "../support/files.js";

describe("mcpgw config", () => {
  it("writes by merging, reads back, and resets", async () => {
    await using home = await TempHome.create();
    await writeFile(home.path("config.yaml"), "# values\nfilesystem:\n  paths: [/a]\n  mode: ro\n");
    const write = await home.run(["config", "write", "filesystem: {paths: [/b, /c]}\ngithub-official: {toolsets: repos}"]);
    expect(write.code).toBe(0);
    expect(write.stdout).toContain("Updated filesystem.paths, github-official.toolsets.");
    const read = JSON.parse((await home.run(["config", "read", "--json"])).stdout);
    expect(read).toEqual({ filesystem: { paths: ["/b", "/c"], mode: "ro" }, "github-official": { toolsets: "repos" } });
    expect(await readFile(home.path("config.yaml"), "utf8")).toContain("# values");
    expect((await home.run(["config", "reset", "filesystem"])).stdout).toContain("Removed the values of filesystem.");
    expect(JSON.parse((await home.run(["config", "read", "--json"])).stdout)).toEqual({ "github-official": { toolsets: "repos" } });
    await home.run(["config", "reset"]);
    expect(JSON.parse((await home.run(["config", "read", "--json"])).stdout)).toEqual({});
  });

  it("makes a server ready once its required config is written, and checks types against the catalog", async () => {
    await using home = await TempHome.create();
    await home.run(["catalog", "import", DOCKER_CATALOG]);
    const enable = await home.run(["server", "enable", "filesystem"]);
    expect(enable.stderr).toContain("mcpgw config write 'filesystem: {paths: [...]}'");
    await home.run(["config", "write", "filesystem: {paths: /not-a-list}"]);
    const wrongType = JSON.parse((await home.run(["server", "ls", "--json"])).stdout);
    expect(wrongType[0].problems[0].message).toBe('config value filesystem.paths of server "filesystem" must be array, not string');
    await home.run(["config", "write", "filesystem: {paths: [/srv/data]}"]);
    expect(JSON.parse((await home.run(["server", "ls", "--json"])).stdout)[0]).toMatchObject({ name: "filesystem", ready: true });
  });

  it("rejects a value that is not YAML and changes nothing", async () => {
    await using home = await TempHome.create();
    await home.run(["config", "write", "a: {b: 1}"]);
    const before = await snapshotTree(home.root);
    const bad = await home.run(["config", "write", "a: {b: [1,"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/<argument>:1:\d+: /);
    expect(await snapshotTree(home.root)).toEqual(before);
  });
});
