import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ErrorCode } from "@mcpgw/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readCatalogSources, setCatalogSource } from "./catalog-sources.js";

let dir: string;
beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), "mcpgw-sources-"))));
afterEach(() => rm(dir, { recursive: true, force: true }));

describe("catalog sources (Docker's catalog.json)", () => {
  it("records, reads and forgets sources, keeping what else the file holds", async () => {
    const file = join(dir, "catalog.json");
    await writeFile(file, JSON.stringify({ catalogs: { mine: { displayName: "Mine" } }, other: true }));
    await setCatalogSource(file, "docker-mcp", { displayName: "Docker MCP Catalog", url: "https://example.com/c.yaml", lastUpdate: "2026-12-02T00:00:00.000Z" });
    expect(await readCatalogSources(file)).toEqual({
      mine: { displayName: "Mine" },
      "docker-mcp": { displayName: "Docker MCP Catalog", url: "https://example.com/c.yaml", lastUpdate: "2026-12-02T00:00:00.000Z" },
    });
    await setCatalogSource(file, "docker-mcp", undefined);
    expect(JSON.parse(await readFile(file, "utf8"))).toEqual({ catalogs: { mine: { displayName: "Mine" } }, other: true });
  });

  it("reads a missing file as no sources, and refuses a broken one without touching it", async () => {
    expect(await readCatalogSources(join(dir, "none.json"))).toEqual({});
    const file = join(dir, "catalog.json");
    await writeFile(file, "{ not json");
    await expect(readCatalogSources(file)).rejects.toMatchObject({ code: ErrorCode.CONFIG_INVALID, message: expect.stringContaining(`${file} is not valid JSON`) });
    await expect(setCatalogSource(file, "x", { displayName: "x" })).rejects.toMatchObject({ code: ErrorCode.CONFIG_INVALID });
    expect(await readFile(file, "utf8")).toBe("{ not json");
  });
});

describe("forgetting a source that was never recorded", () => {
  it("writes nothing", async () => {
    const file = join(dir, "catalog.json");
    await setCatalogSource(file, "never", undefined);
    await expect(readFile(file, "utf8")).rejects.toMatchObject({ code: "ENOENT" });
  });
});
