import { fork } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readFileIfExists, updateFile, writeFileAtomic } from "./atomic-file.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "mcpgw-core-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("writeFileAtomic", () => {
  it("creates folders, writes with the mode asked, and leaves no temporary file", async () => {
    const path = join(dir, "a", "b", "secrets.json");
    await writeFileAtomic(path, "{}", { mode: 0o600 });
    expect(await readFile(path, "utf8")).toBe("{}");
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readdir(join(dir, "a", "b"))).toEqual(["secrets.json"]);
  });

  it("keeps an existing file's mode", async () => {
    const path = join(dir, "x.yaml");
    await writeFile(path, "old", { mode: 0o640 });
    await writeFileAtomic(path, "new");
    expect((await stat(path)).mode & 0o777).toBe(0o640);
  });
});

describe("updateFile", () => {
  it("does not write when the update returns the same text or undefined", async () => {
    const path = join(dir, "r.yaml");
    expect(await updateFile(path, () => undefined)).toBe(false);
    expect(await readFileIfExists(path)).toBeUndefined();
    expect(await updateFile(path, () => "a")).toBe(true);
    expect(await updateFile(path, (current) => current)).toBe(false);
  });

  it("loses no update when ten processes append at once", async () => {
    const path = join(dir, "counter.txt");
    // Real processes, because the lock must hold across processes, not just promises.
    const script = `
      import { updateFile } from ${JSON.stringify(new URL("./atomic-file.ts", import.meta.url).pathname)};
      for (let i = 0; i < 5; i++) await updateFile(process.argv[2], (c) => (c ?? "") + process.argv[3] + "\\n");
    `;
    const runner = join(dir, "runner.mts");
    await writeFile(runner, script);
    const tsx = new URL(import.meta.resolve("tsx/esm")).pathname;
    await Promise.all(
      Array.from({ length: 10 }, (_, n) =>
        new Promise<void>((resolve, reject) => {
          const child = fork(runner, [path, String(n)], { execArgv: ["--conditions=@mcpgw/source", "--import", tsx], stdio: "inherit" });
          child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`child exited ${code}`))));
        }),
      ),
    );
    const lines = (await readFile(path, "utf8")).trim().split("\n");
    expect(lines).toHaveLength(50);
    for (let n = 0; n < 10; n++) expect(lines.filter((l) => l === String(n))).toHaveLength(5);
  });
});
