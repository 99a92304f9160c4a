import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { allowsEngineSocket, disableServers, enabledServerNames, enableServers, loadRegistry, resetRegistry } from "./registry-file.js";

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "mcpgw-registry-"));
  file = join(dir, "registry.yaml");
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const known = ["github", "memory", "notes", "clock"];

describe("registry.yaml", () => {
  it("reads both shapes seen in the wild", async () => {
    await writeFile(
      file,
      'registry:\n  github:\n    ref: ""\n  memory:\n    catalog: custom\n    enabled: true\n  notes:\n    catalog: custom\n    enabled: false\n  clock:\n',
    );
    const { value } = await loadRegistry(file);
    expect(enabledServerNames(value)).toEqual(["github", "memory", "clock"]);
  });

  it("enables into a missing file in Docker's shape", async () => {
    expect(await enableServers(file, ["github", "memory"], known)).toEqual({ enabled: ["github", "memory"], already: [] });
    expect(await readFile(file, "utf8")).toBe('registry:\n  github:\n    ref: ""\n  memory:\n    ref: ""\n');
  });

  it("keeps comments and other entries, and re-enables an enabled:false entry in place", async () => {
    await writeFile(file, '# my servers\nregistry:\n  notes: # keep me\n    catalog: custom\n    enabled: false\n  github:\n    ref: ""\n');
    expect(await enableServers(file, ["notes", "github"], known)).toEqual({ enabled: ["notes"], already: ["github"] });
    const text = await readFile(file, "utf8");
    expect(text).toContain("# my servers");
    expect(text).toContain("# keep me");
    expect(text).toContain("enabled: true");
    expect(enabledServerNames((await loadRegistry(file)).value)).toEqual(["notes", "github"]);
  });

  it("records the engine-socket opt-in on new, enabled and bare entries, keeping comments", async () => {
    await writeFile(file, '# mine\nregistry:\n  github: # keep\n    ref: ""\n  clock:\n');
    expect(await enableServers(file, ["github", "clock", "notes"], known, { allowEngineSocket: true })).toEqual({ enabled: ["notes"], already: ["github", "clock"] });
    const text = await readFile(file, "utf8");
    expect(text).toMatch(/^# mine\n/);
    expect(text).toContain("# keep");
    const { value } = await loadRegistry(file);
    expect(["github", "clock", "notes", "memory"].map((name) => allowsEngineSocket(value, name))).toEqual([true, true, true, false]);
  });

  it("refuses unknown names with suggestions and writes nothing", async () => {
    await writeFile(file, 'registry:\n  github:\n    ref: ""\n');
    await expect(enableServers(file, ["memry", "clock"], known)).rejects.toThrow(/no server "memry" in the catalogs\. Did you mean "memory"\?/);
    expect(await readFile(file, "utf8")).toBe('registry:\n  github:\n    ref: ""\n');
  });

  it("disables: removes Docker-shaped entries, sets enabled:false on the other shape", async () => {
    await writeFile(file, 'registry:\n  github:\n    ref: ""\n  memory:\n    catalog: custom\n    enabled: true\n');
    expect(await disableServers(file, ["github", "memory", "clock"])).toEqual({ disabled: ["github", "memory"], notEnabled: ["clock"] });
    expect(await readFile(file, "utf8")).toBe("registry:\n  memory:\n    catalog: custom\n    enabled: false\n");
  });

  it("does not touch a file when nothing changes, nor a broken one", async () => {
    await writeFile(file, "registry:\n  github: {ref: ''}\n");
    expect(await enableServers(file, ["github"], known)).toEqual({ enabled: [], already: ["github"] });
    expect(await readFile(file, "utf8")).toBe("registry:\n  github: {ref: ''}\n");
    await writeFile(file, "registry:\n  github: [\n");
    await expect(enableServers(file, ["memory"], known)).rejects.toThrow(/registry\.yaml:\d+:\d+/);
    expect(await readFile(file, "utf8")).toBe("registry:\n  github: [\n");
  });

  it("resets", async () => {
    await enableServers(file, ["github", "memory"], known);
    expect(await resetRegistry(file)).toEqual(["github", "memory"]);
    expect(enabledServerNames((await loadRegistry(file)).value)).toEqual([]);
  });
});
