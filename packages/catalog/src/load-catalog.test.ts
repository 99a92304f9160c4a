import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ErrorCode, GatewayError } from "@mcpgw/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadCatalog } from "./load-catalog.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "mcpgw-catalog-load-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("loadCatalog", () => {
  it("reads a file and names it in the catalog and its diagnostics", async () => {
    const path = join(dir, "team.yaml");
    await writeFile(path, "name: team\nregistry:\n  a:\n    image: x\n    colour: red\n");
    const parsed = await loadCatalog(path);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value).toMatchObject({ file: path, name: "team" });
    expect(parsed.warnings[0]).toMatchObject({ file: path, line: 5, field: "registry.a.colour" });
  });

  it("returns the diagnostics of a file that is not a valid catalog", async () => {
    const path = join(dir, "bad.yaml");
    await writeFile(path, "registry:\n  a:\n    image: [x\n");
    const parsed = await loadCatalog(path);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors[0]).toMatchObject({ file: path, line: expect.any(Number), column: expect.any(Number) });
  });

  it("throws NOT_FOUND naming a missing file", async () => {
    const path = join(dir, "missing.yaml");
    const error = await loadCatalog(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ code: ErrorCode.NOT_FOUND, message: expect.stringContaining(path) });
  });

  it("throws IO naming a path that cannot be read as a file", async () => {
    const path = join(dir, "folder.yaml");
    await mkdir(path);
    await expect(loadCatalog(path)).rejects.toMatchObject({ code: ErrorCode.IO, message: expect.stringContaining(path) });
  });
});
