import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { describeEmptyDirs, stageEmptyDirs } from "./empty-dirs.js";

describe("stageEmptyDirs", () => {
  let cache: string;
  const before = process.env.MCPGW_TEST_IMAGES_CACHE;
  beforeEach(async () => {
    cache = await mkdtemp(join(tmpdir(), "empty-dirs-"));
    process.env.MCPGW_TEST_IMAGES_CACHE = cache;
  });
  afterEach(async () => {
    if (before === undefined) delete process.env.MCPGW_TEST_IMAGES_CACHE;
    else process.env.MCPGW_TEST_IMAGES_CACHE = before;
    await rm(cache, { recursive: true, force: true });
  });

  it("makes the folders with their modes, once, and lists the top-level entries", async () => {
    const dirs = { data: 0o1777, "run/secrets": 0o750, run: 0o755 };
    const source = await stageEmptyDirs(dirs);
    expect(source.entries).toEqual(["data", "run"]);
    expect((await stat(join(source.dir, "data"))).mode & 0o7777).toBe(0o1777);
    expect((await stat(join(source.dir, "run/secrets"))).mode & 0o7777).toBe(0o750);
    expect((await stat(join(source.dir, "run"))).mode & 0o7777).toBe(0o755);
    expect(await stageEmptyDirs({ run: 0o755, "run/secrets": 0o750, data: 0o1777 })).toEqual(source);
  });

  it("refuses paths outside the image's root", async () => {
    await expect(stageEmptyDirs({ "/data": 0o755 })).rejects.toThrow("must be a relative path");
    await expect(stageEmptyDirs({ "run/../../x": 0o755 })).rejects.toThrow("must be a relative path");
  });

  it("describes a set the same whatever its order", () => {
    expect(describeEmptyDirs({ b: 0o755, a: 0o1777 })).toEqual(["a 1777", "b 755"]);
    expect(describeEmptyDirs({ a: 0o1777, b: 0o755 })).toEqual(describeEmptyDirs({ b: 0o755, a: 0o1777 }));
  });
});
