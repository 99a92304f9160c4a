// Catalogs from URLs, as Docker's CLI takes them: `catalog import <alias|url|file>`, `catalog
// update`, and `catalog init` preferring Docker's catalog. A real HTTP server on 127.0.0.1 serves
// the catalogs; Docker's own is the published one from shared/fixtures, served locally.
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { TempHome } from "../support/cli.js";
import { DOCKER_CATALOG } from "../support/files.js";

let server: Server | undefined;
afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

/** Serves `files` (path → text) on 127.0.0.1; anything else is 404. Returns the base URL. */
async function serve(files: Map<string, string>): Promise<string> {
  server = createServer((req, res) => {
    const text = files.get(req.url ?? "");
    if (text === undefined) res.statusCode = 404;
    res.end(text ?? "not found");
  });
  await new Promise<void>((listening) => server!.listen(0, "127.0.0.1", listening));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const team = (command: string) => `name: team\ndisplayName: Team servers\nregistry:\n  notes:\n    type: process\n    process: {command: ${command}}\n`;

describe("catalogs from URLs", () => {
  it("imports a catalog from a URL, remembers it, and `catalog update` reads it again", async () => {
    await using home = await TempHome.create();
    const files = new Map([["/team.yaml", team("node notes.js")]]);
    const base = await serve(files);
    const imported = await home.run(["catalog", "import", `${base}/team.yaml`, "--json"]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ catalog: "team", source: `${base}/team.yaml`, added: ["notes"] });
    expect(JSON.parse(await readFile(home.path("catalog.json"), "utf8"))).toEqual({
      catalogs: { team: { displayName: "Team servers", url: `${base}/team.yaml`, lastUpdate: expect.any(String) } },
    });

    files.set("/team.yaml", `${team("node notes2.js")}  clock:\n    type: process\n    process: {command: node clock.js}\n`);
    const updated = await home.run(["catalog", "update", "--json"]);
    expect(updated.code, updated.stderr).toBe(0);
    expect(JSON.parse(updated.stdout)).toEqual([expect.objectContaining({ catalog: "team", added: ["clock"], updated: ["notes"] })]);
    expect(await readFile(home.path("catalogs", "team.yaml"), "utf8")).toContain("notes2.js");
  });

  it("takes docker-mcp as Docker's catalog, and refuses what is not a catalog without writing anything", async () => {
    await using home = await TempHome.create();
    const base = await serve(new Map([["/v3/catalog.yaml", await readFile(DOCKER_CATALOG, "utf8")], ["/login", "<html>sign in</html>"]]));
    const env = { MCPGW_DOCKER_CATALOG_URL: `${base}/v3/catalog.yaml` };
    const imported = await home.run(["catalog", "import", "docker-mcp", "--json"], { env });
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ catalog: "docker-mcp", source: `${base}/v3/catalog.yaml` });

    const refused = await home.run(["catalog", "import", `${base}/login`, "--name", "other"]);
    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain(`${base}/login`);
    const missing = await home.run(["catalog", "import", `${base}/nothing.yaml`, "--name", "other"]);
    expect(missing.code).toBe(8);
    expect(missing.stderr).toContain(`cannot fetch the catalog ${base}/nothing.yaml: the server answered HTTP 404`);
    expect(JSON.parse((await home.run(["catalog", "ls", "--json"])).stdout).map((c: { name: string }) => c.name)).toEqual(["docker-mcp"]);
  });

  it("init installs Docker's catalog when it can be fetched, and the starter catalog otherwise, saying why", async () => {
    await using docker = await TempHome.create();
    const base = await serve(new Map([["/v3/catalog.yaml", await readFile(DOCKER_CATALOG, "utf8")]]));
    const fetched = await docker.run(["catalog", "init"], { env: { MCPGW_DOCKER_CATALOG_URL: `${base}/v3/catalog.yaml` } });
    expect(fetched.code, fetched.stderr).toBe(0);
    expect(fetched.stdout).toContain(`Installed Docker's catalog from ${base}/v3/catalog.yaml.`);
    expect(JSON.parse((await docker.run(["catalog", "ls", "--json"])).stdout).map((c: { name: string }) => c.name)).toEqual(["docker-mcp"]);

    await using offline = await TempHome.create();
    const fallback = await offline.run(["catalog", "init"], { env: { MCPGW_DOCKER_CATALOG_URL: `${base}/gone.yaml` } });
    expect(fallback.code, fallback.stderr).toBe(0);
    expect(fallback.stdout).toContain(`Installed the starter catalog instead of Docker's: cannot fetch the catalog ${base}/gone.yaml: the server answered HTTP 404.`);
    expect(JSON.parse((await offline.run(["catalog", "ls", "--json"])).stdout).map((c: { name: string }) => c.name)).toEqual(["starter"]);
  });

  it("update names a catalog that has no source, and rm forgets the source", async () => {
    await using home = await TempHome.create();
    const base = await serve(new Map([["/team.yaml", team("node notes.js")]]));
    await home.run(["catalog", "import", `${base}/team.yaml`]);
    const none = await home.run(["catalog", "update", "elsewhere"]);
    expect(none.code).toBe(3);
    expect(none.stderr).toContain('catalog "elsewhere" was not imported from a URL or a file');
    expect((await home.run(["catalog", "rm", "team"])).code).toBe(0);
    expect(JSON.parse(await readFile(home.path("catalog.json"), "utf8"))).toEqual({ catalogs: {} });
  });
});
