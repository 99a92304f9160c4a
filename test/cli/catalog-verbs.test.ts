// Docker's catalog verbs beyond import: create, add, fork, reset.
import { readFile, writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { TempHome } from "../support/cli.js";
import { DOCKER_CATALOG } from "../support/files.js";

const names = async (home: TempHome, catalog?: string) =>
  (JSON.parse((await home.run(["catalog", "show", ...(catalog ? [catalog] : []), "--json"])).stdout) as { name: string }[]).map((s) => s.name);

describe("catalog create, add, fork and reset", () => {
  it("creates a catalog and copies servers into it from a file or another catalog, keeping its comments", async () => {
    await using home = await TempHome.create();
    expect((await home.run(["catalog", "import", DOCKER_CATALOG])).code).toBe(0);
    const created = await home.run(["catalog", "create", "team"]);
    expect(created.code, created.stderr).toBe(0);
    expect((await home.run(["catalog", "create", "team"])).code).toBe(2);
    const file = home.path("catalogs", "team.yaml");
    await writeFile(file, `# our servers\n${await readFile(file, "utf8")}`);

    const fromFile = await home.run(["catalog", "add", "team", "filesystem", DOCKER_CATALOG]);
    expect(fromFile.code, fromFile.stderr).toBe(0);
    expect(fromFile.stdout).toContain("Server filesystem added in catalog team.");
    const fromCatalog = await home.run(["catalog", "add", "team", "github-official", "docker-mcp"]);
    expect(fromCatalog.code, fromCatalog.stderr).toBe(0);
    expect(await names(home, "team")).toEqual(["filesystem", "github-official"]);
    expect(await readFile(file, "utf8")).toContain("# our servers");

    const again = await home.run(["catalog", "add", "team", "filesystem", "docker-mcp"]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('catalog "team" has a server "filesystem" already');
    expect((await home.run(["catalog", "add", "team", "filesystem", "docker-mcp", "--force"])).code).toBe(0);
    const typo = await home.run(["catalog", "add", "team", "filesystm", "docker-mcp"]);
    expect(typo.code).toBe(3);
    expect(typo.stderr).toContain('"filesystem"');
  });

  it("forks a catalog under a new name and refuses to overwrite one, then reset removes every catalog", async () => {
    await using home = await TempHome.create();
    await home.run(["catalog", "import", DOCKER_CATALOG]);
    const forked = await home.run(["catalog", "fork", "docker-mcp", "mine"]);
    expect(forked.code, forked.stderr).toBe(0);
    expect(await names(home, "mine")).toEqual(await names(home, "docker-mcp"));
    expect((await home.run(["catalog", "fork", "docker-mcp", "mine"])).code).toBe(2);

    const reset = await home.run(["catalog", "reset", "--json"]);
    expect(reset.code, reset.stderr).toBe(0);
    expect(JSON.parse(reset.stdout)).toEqual({ removed: ["docker-mcp", "mine"] });
    expect(JSON.parse((await home.run(["catalog", "ls", "--json"])).stdout)).toEqual([]);
    expect(JSON.parse(await readFile(home.path("catalog.json"), "utf8"))).toEqual({ catalogs: {} });
  });
});
