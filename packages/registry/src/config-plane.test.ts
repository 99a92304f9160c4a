import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resolveHome } from "@mcpgw/user-files";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { enabledServerNames } from "./registry-file.js";
import { loadConfigPlane } from "./config-plane.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "mcpgw-plane-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const catalog = (servers: Record<string, string>) =>
  `version: 2\nname: c\nregistry:\n${Object.entries(servers)
    .map(([name, title]) => `  ${name}:\n    type: server\n    image: mcp/${name}\n    title: ${title}\n`)
    .join("")}`;

describe("loadConfigPlane with additional files", () => {
  it("layers each kind of file after the home's, a later one winning", async () => {
    const home = resolveHome({ MCPGW_HOME: join(dir, "home") });
    await mkdir(home.catalogsDir, { recursive: true });
    await writeFile(join(home.catalogsDir, "base.yaml"), catalog({ a: "A", b: "B" }));
    await writeFile(home.registryFile, "registry:\n  a: {ref: ''}\n  b: {ref: ''}\n");
    await writeFile(home.configFile, "a: {x: 1, y: [1]}\n");
    await writeFile(home.toolsFile, "a: [one]\n");
    const extra = (name: string, text: string) => writeFile(join(dir, name), text).then(() => join(dir, name));

    const plane = await loadConfigPlane({
      home,
      additionalCatalogFiles: [await extra("more.yaml", catalog({ b: "B2", c: "C" }))],
      additionalRegistryFiles: [await extra("registry.yaml", "registry:\n  b: {enabled: false}\n  c: {ref: ''}\n")],
      additionalConfigFiles: [await extra("config.yaml", "a: {y: [2]}\nc: {z: 3}\n")],
      additionalToolsFiles: [await extra("tools.yaml", "c: []\n")],
    });

    expect(plane.catalog.servers.map((s) => [s.name, s.entry.title])).toEqual([["a", "A"], ["b", "B2"], ["c", "C"]]);
    expect(enabledServerNames(plane.registry)).toEqual(["a", "c"]);
    expect(plane.config).toEqual({ a: { x: 1, y: [2] }, c: { z: 3 } });
    expect(plane.tools).toEqual({ a: ["one"], c: [] });
  });

  it("names an additional file that does not parse", async () => {
    const home = resolveHome({ MCPGW_HOME: join(dir, "home") });
    await writeFile(join(dir, "bad.yaml"), "a: [\n");
    await expect(loadConfigPlane({ home, additionalConfigFiles: [join(dir, "bad.yaml")] })).rejects.toThrow(/bad\.yaml:\d+/);
  });
});
