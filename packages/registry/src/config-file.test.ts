import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig, resetConfig, writeConfig } from "./config-file.js";

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "mcpgw-config-"));
  file = join(dir, "config.yaml");
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe("config.yaml", () => {
  it("merges values: maps key by key, lists and scalars replaced, comments kept", async () => {
    await writeFile(file, "# mine\nfilesystem:\n  paths: [/a]\n  readonly: true\ngithub:\n  org: acme\n");
    const changed = await writeConfig(file, { filesystem: { paths: ["/b", "/c"] }, memory: { path: "/m.json" } });
    expect(changed).toEqual(["filesystem.paths", "memory.path"]);
    const { value } = await loadConfig(file);
    expect(value).toEqual({ filesystem: { paths: ["/b", "/c"], readonly: true }, github: { org: "acme" }, memory: { path: "/m.json" } });
    expect(await readFile(file, "utf8")).toContain("# mine");
  });

  it("resets some names or all", async () => {
    await writeConfig(file, { a: { x: 1 }, b: { y: 2 }, c: { z: 3 } });
    expect(await resetConfig(file, ["a", "nope"])).toEqual(["a"]);
    expect(Object.keys((await loadConfig(file)).value)).toEqual(["b", "c"]);
    expect(await resetConfig(file)).toEqual(["b", "c"]);
    expect((await loadConfig(file)).value).toEqual({});
  });
});
