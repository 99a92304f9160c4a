import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFileListCache } from "./file-list-cache.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "mcpgw-cache-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe("file list cache", () => {
  it("survives a restart, and starts empty from a broken file", async () => {
    const path = join(dir, "cache", "lists.json");
    const first = createFileListCache(path);
    first.set("process:node clock.js", { tools: [{ name: "now" }], capabilities: { tools: {} } });
    await first.flush();
    expect(createFileListCache(path).get("process:node clock.js")).toEqual({ tools: [{ name: "now" }], capabilities: { tools: {} } });
    await writeFile(path, "{ not json");
    expect(createFileListCache(path).get("process:node clock.js")).toBeUndefined();
    expect(await readFile(path, "utf8")).toBe("{ not json");
  });
});
