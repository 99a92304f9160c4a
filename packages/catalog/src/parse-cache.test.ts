import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { diagnosticAt } from "@mcpgw/user-files";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCatalogStore } from "./catalog-store.js";
import { loadCatalog } from "./load-catalog.js";
import { parseCatalog } from "./parse-catalog.js";
import { createCatalogParseCache } from "./parse-cache.js";

const TEAM = "name: team\n# the team's servers\nregistry:\n  a:\n    image: mcp/a\n    colour: red\n  b:\n    type: remote\n    remote: {url: 'https://b.example/mcp'}\n";

let dir: string;
let cacheDir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "mcpgw-catalog-cache-"));
  cacheDir = join(dir, "cache");
});
afterEach(async () => {
  await chmod(dir, 0o755).catch(() => {});
  await rm(dir, { recursive: true, force: true });
});

/** The one entry the cache holds, as JSON. */
async function onlyEntry(): Promise<{ file: string; entry: Record<string, unknown> }> {
  const files = await readdir(cacheDir);
  expect(files).toHaveLength(1);
  const file = join(cacheDir, files[0]!);
  return { file, entry: JSON.parse(await readFile(file, "utf8")) as Record<string, unknown> };
}

describe("createCatalogParseCache", () => {
  it("gives what parseCatalog gives, read again from the cache for the same text", async () => {
    const cache = createCatalogParseCache(cacheDir);
    const direct = parseCatalog(TEAM, "team.yaml");
    const first = await cache.parse(TEAM, "team.yaml");
    await cache.flush();
    const second = await createCatalogParseCache(cacheDir).parse(TEAM, "team.yaml");
    for (const read of [first, second]) {
      expect(read.ok && direct.ok).toBe(true);
      if (!read.ok || !direct.ok) return;
      expect({ ...read.value.servers }).toEqual({ ...direct.value.servers });
      expect(read.value).toMatchObject({ file: "team.yaml", name: "team" });
      expect(read.warnings).toEqual(direct.warnings);
      expect(Object.getPrototypeOf(read.value.servers)).toBeNull();
    }
    // The entry is what the second read used: a server changed in it shows (nothing else would).
    const { file, entry } = await onlyEntry();
    (entry.servers as Record<string, Record<string, unknown>>).a!.image = "mcp/from-the-cache";
    await writeFile(file, JSON.stringify(entry));
    const third = await createCatalogParseCache(cacheDir).parse(TEAM, "team.yaml");
    expect(third.ok && third.value.servers.a?.image).toBe("mcp/from-the-cache");
  });

  it("composes a cached catalog's document on demand, with the positions diagnostics use", async () => {
    const cache = createCatalogParseCache(cacheDir);
    await cache.parse(TEAM, "team.yaml");
    await cache.flush();
    const read = await createCatalogParseCache(cacheDir).parse(TEAM, "team.yaml");
    if (!read.ok) throw new Error("expected a catalog");
    expect(diagnosticAt(read.value.source, ["registry", "b", "remote", "url"], "look here")).toMatchObject({ file: "team.yaml", line: 9, field: "registry.b.remote.url" });
    expect(read.value.source.document.toString()).toContain("# the team's servers");
  });

  it("reads a changed text anew, and keeps one entry per file", async () => {
    const cache = createCatalogParseCache(cacheDir);
    await cache.parse(TEAM, "team.yaml");
    await cache.flush();
    const changed = await cache.parse(TEAM.replace("mcp/a", "mcp/a2"), "team.yaml");
    await cache.flush();
    expect(changed.ok && changed.value.servers.a?.image).toBe("mcp/a2");
    await onlyEntry();
  });

  it("parses when the entry is damaged, and then repairs it", async () => {
    const cache = createCatalogParseCache(cacheDir);
    await cache.parse(TEAM, "team.yaml");
    await cache.flush();
    const { file } = await onlyEntry();
    await writeFile(file, "{ not json");
    const read = await createCatalogParseCache(cacheDir).parse(TEAM, "team.yaml");
    expect(read.ok && read.value.servers.a?.image).toBe("mcp/a");
  });

  it("keeps no entry for a catalog with errors: they always come with fresh positions", async () => {
    const cache = createCatalogParseCache(cacheDir);
    const read = await cache.parse("registry:\n  a:\n    image: [x\n", "bad.yaml");
    await cache.flush();
    expect(read.ok).toBe(false);
    await expect(readdir(cacheDir)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("reads catalogs even when the cache cannot be written, and says why", async () => {
    await chmod(dir, 0o555);
    const errors: Error[] = [];
    const cache = createCatalogParseCache(cacheDir, (error) => errors.push(error));
    const read = await cache.parse(TEAM, "team.yaml");
    await cache.flush();
    expect(read.ok).toBe(true);
    // Root may write anywhere; everyone else is refused.
    if (process.getuid?.() !== 0) expect(errors).toHaveLength(1);
  });

  it("serves loadCatalog and a catalog store, which names its catalogs by file", async () => {
    const catalogs = join(dir, "catalogs");
    const store = createCatalogStore(catalogs);
    await store.write("ours", { registry: { a: { image: "mcp/a" } } });
    const parseCache = createCatalogParseCache(cacheDir);
    const fromStore = await createCatalogStore(catalogs, { parseCache }).load("ours");
    const fromFile = await loadCatalog(store.pathOf("ours"), { parseCache });
    await parseCache.flush();
    const again = await createCatalogStore(catalogs, { parseCache: createCatalogParseCache(cacheDir) }).loadAll();
    expect(fromStore.ok && fromStore.value.name).toBe("ours");
    expect(fromFile.ok && fromFile.value.servers.a?.image).toBe("mcp/a");
    expect(again).toMatchObject([{ ok: true, value: { name: "ours", file: store.pathOf("ours") } }]);
  });
});
