import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ErrorCode } from "@mcpgw/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCatalogStore } from "./catalog-store.js";
import type { CatalogStore } from "./catalog-store.js";
import { parseCatalog } from "./parse-catalog.js";
import type { Catalog } from "./parse-catalog.js";

let root: string;
let dir: string;
let store: CatalogStore;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "mcpgw-catalog-store-"));
  dir = join(root, "catalogs");
  store = createCatalogStore(dir);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function catalog(text: string, file = "incoming.yaml"): Catalog {
  const parsed = parseCatalog(text, file);
  if (!parsed.ok) throw new Error(`fixture ${file} does not parse`);
  return parsed.value;
}

const TEAM = "# the team's servers\nname: team\ndisplayName: Team\nregistry:\n  jira:\n    image: team/jira\n  wiki:\n    image: team/wiki\n";

async function seed(files: Record<string, string>): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
}

describe("a catalog store", () => {
  it("is empty, without a folder, and creates none by looking", async () => {
    expect(await store.list()).toEqual([]);
    expect(await store.loadAll()).toEqual([]);
    expect(await store.has("team")).toBe(false);
    expect(await readdir(root)).toEqual([]);
  });

  it("lists catalogs in name order, broken ones with their diagnostics, and nothing else", async () => {
    await seed({
      "team.yaml": TEAM,
      "docker-mcp.yaml": "name: docker-mcp\nregistry:\n  fetch: {image: mcp/fetch, colour: red}\n",
      "broken.yaml": "registry:\n  a: [\n",
      "notes.txt": "not a catalog",
      ".hidden.yaml": "registry: {}\n",
      "old.yml": "registry: {}\n",
    });
    await mkdir(join(dir, "folder.yaml"));
    const listing = await store.list();
    expect(listing.map((c) => c.name)).toEqual(["broken", "docker-mcp", "team"]);
    expect(listing[0]).toMatchObject({ ok: false, file: join(dir, "broken.yaml") });
    expect(listing[0]!.ok === false && listing[0]!.errors[0]).toMatchObject({ file: join(dir, "broken.yaml"), line: expect.any(Number) });
    expect(listing[1]).toMatchObject({ ok: true, serverCount: 1, warnings: [expect.objectContaining({ field: "registry.fetch.colour" })] });
    expect(listing[2]).toEqual({ ok: true, name: "team", file: join(dir, "team.yaml"), displayName: "Team", serverCount: 2, warnings: [] });
  });

  it("loads one catalog by name, named like its file", async () => {
    await seed({ "work.yaml": TEAM });
    const parsed = await store.load("work");
    expect(parsed.ok && parsed.value).toMatchObject({ file: join(dir, "work.yaml"), name: "work", displayName: "Team" });
    expect(await store.has("work")).toBe(true);
  });

  it("says which catalogs exist when asked for one that does not", async () => {
    await seed({ "team.yaml": TEAM, "docker-mcp.yaml": "registry: {}\n" });
    await expect(store.load("tema")).rejects.toMatchObject({
      code: ErrorCode.NOT_FOUND,
      message: expect.stringContaining("docker-mcp, team"),
    });
    await expect(store.load("../team")).rejects.toMatchObject({ code: ErrorCode.INVALID_ARGUMENT });
    expect(await store.has("../team")).toBe(false);
  });

  it("loads every catalog in name order, ready to layer", async () => {
    await seed({ "b.yaml": "registry: {}\n", "a.yaml": "registry: {}\n", "c.yaml": "registry: [\n" });
    const all = await store.loadAll();
    expect(all.map((p) => (p.ok ? p.value.name : `!${p.errors[0]?.file}`))).toEqual(["a", "b", `!${join(dir, "c.yaml")}`]);
  });

  it("imports into a new catalog named after its file, then merges the next import", async () => {
    const first = catalog("name: docker-mcp\ndisplayName: Docker MCP Catalog\nregistry:\n  fetch:\n    image: mcp/fetch\n");
    expect(await store.import("mine", first)).toEqual({ added: ["fetch"], updated: [], unchanged: [] });
    expect(await readFile(store.pathOf("mine"), "utf8")).toBe(
      "name: mine\ndisplayName: Docker MCP Catalog\nregistry:\n  fetch:\n    image: mcp/fetch\n",
    );
    const second = catalog("registry:\n  time:\n    image: mcp/time\n  fetch:\n    image: mcp/fetch\n");
    expect(await store.import("mine", second)).toEqual({ added: ["time"], updated: [], unchanged: ["fetch"] });
    const listing = await store.list();
    expect(listing).toMatchObject([{ name: "mine", ok: true, serverCount: 2 }]);
  });

  it("exports a catalog's exact text", async () => {
    await seed({ "team.yaml": TEAM });
    const dest = join(root, "out", "team-export.yaml");
    await store.export("team", dest);
    expect(await readFile(dest, "utf8")).toBe(TEAM);
    await expect(store.export("nope", join(root, "nope.yaml"))).rejects.toMatchObject({ code: ErrorCode.NOT_FOUND });
    expect(await readdir(root)).toEqual(["catalogs", "out"]);
  });

  it("removes a catalog, and says which exist when there is none to remove", async () => {
    await seed({ "team.yaml": TEAM, "docker-mcp.yaml": "registry: {}\n" });
    await store.remove("team");
    expect(await readdir(dir)).toEqual(["docker-mcp.yaml"]);
    await expect(store.remove("team")).rejects.toMatchObject({
      code: ErrorCode.NOT_FOUND,
      message: expect.stringContaining("docker-mcp"),
    });
  });

  it("does not create the folder when removing from an empty store", async () => {
    await expect(store.remove("team")).rejects.toMatchObject({ code: ErrorCode.NOT_FOUND, message: expect.stringContaining("no catalogs") });
    expect(await readdir(root)).toEqual([]);
  });

  it("writes a new catalog from a plain object, refusing to overwrite unless told to", async () => {
    const written = await store.write("custom", {
      name: "custom",
      registry: { time: { image: "mcp/time", command: ["--tz", "UTC"] } },
    });
    expect(written).toMatchObject({ name: "custom", servers: { time: { image: "mcp/time" } } });
    const text = "name: custom\nregistry:\n  time:\n    image: mcp/time\n    command:\n      - --tz\n      - UTC\n";
    expect(await readFile(store.pathOf("custom"), "utf8")).toBe(text);

    await expect(store.write("custom", { registry: {} })).rejects.toMatchObject({ code: ErrorCode.INVALID_ARGUMENT });
    expect(await readFile(store.pathOf("custom"), "utf8")).toBe(text);

    await store.write("custom", { registry: {} }, { overwrite: true });
    expect(await readFile(store.pathOf("custom"), "utf8")).toBe("registry: {}\n");
  });

  it("refuses to write an invalid catalog, and writes nothing", async () => {
    const invalid = { registry: { time: { type: "remote" as const } } };
    await expect(store.write("bad", invalid)).rejects.toMatchObject({
      code: ErrorCode.INVALID_ARGUMENT,
      diagnostics: [expect.objectContaining({ field: "registry.time.remote.url" })],
    });
    await expect(store.write("no/slash", { registry: {} })).rejects.toMatchObject({ code: ErrorCode.INVALID_ARGUMENT });
    expect(await readdir(root)).toEqual([]);
  });

  it("leaves no lock or temporary files behind", async () => {
    await store.write("a", { registry: {} });
    await store.import("a", catalog("registry:\n  x:\n    image: mcp/x\n"));
    await store.write("b", { registry: {} });
    await store.remove("b");
    expect(await readdir(dir)).toEqual(["a.yaml"]);
  });
});
