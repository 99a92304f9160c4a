import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cacheRoot, publishDir, scratchDir, withLock } from "./cache-dir.js";

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "test-images-cache-"));
  vi.stubEnv("MCPGW_TEST_IMAGES_CACHE", root);
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await rm(root, { recursive: true, force: true });
});

describe("withLock", () => {
  it("runs holders of the same lock one after the other", async () => {
    const events: string[] = [];
    const hold = (who: string) =>
      withLock("same", async () => {
        events.push(`${who} in`);
        await sleep(50);
        events.push(`${who} out`);
      });
    await Promise.all([hold("a"), hold("b")]);
    const [first, second] = events[0] === "a in" ? ["a", "b"] : ["b", "a"];
    expect(events).toEqual([`${first} in`, `${first} out`, `${second} in`, `${second} out`]);
  });

  it("takes over a lock whose holder process is gone", async () => {
    await mkdir(join(root, "locks"), { recursive: true });
    // No process has pid 2^22 + 1 (above Linux's pid_max).
    await writeFile(join(root, "locks", "stale.lock"), String(2 ** 22 + 1));
    await expect(withLock("stale", () => Promise.resolve("ran"))).resolves.toBe("ran");
    expect(await readdir(join(root, "locks"))).toEqual([]);
  });
});

describe("publishDir", () => {
  it("keeps the tree published first and drops a later one", async () => {
    expect(cacheRoot()).toBe(root);
    const first = await scratchDir("t");
    await writeFile(join(first, "who"), "first");
    const second = await scratchDir("t");
    await writeFile(join(second, "who"), "second");
    await publishDir(first, join(root, "tree"));
    await publishDir(second, join(root, "tree"));
    expect(await readdir(join(root, "tree"))).toEqual(["who"]);
    expect((await readdir(root)).sort()).toEqual(["tree"]);
  });
});
