import { describe, expect, it } from "vitest";
import { layerCatalogs } from "./layer-catalogs.js";
import { parseCatalog } from "./parse-catalog.js";
import type { Catalog } from "./parse-catalog.js";

function catalog(file: string, text: string): Catalog {
  const parsed = parseCatalog(text, file);
  if (!parsed.ok) throw new Error(`fixture ${file} does not parse`);
  return parsed.value;
}

const docker = catalog("docker-mcp.yaml", "name: docker-mcp\nregistry:\n  github: {image: mcp/github}\n  fetch: {image: mcp/fetch}\n  time: {image: mcp/time}\n");
const team = catalog("team.yaml", "name: team\nregistry:\n  github: {image: team/github}\n  jira: {image: team/jira}\n");
const mine = catalog("mine.yaml", "registry:\n  github: {image: me/github}\n  Zed: {image: me/zed}\n  fetch: {image: me/fetch}\n");

describe("layerCatalogs", () => {
  it("lets a later catalog win and records where each winner came from and what it hides", () => {
    const layered = layerCatalogs([docker, team, mine]);
    expect(layered.servers.map((s) => [s.name, s.entry.image, s.source, s.shadows])).toEqual([
      ["Zed", "me/zed", { file: "mine.yaml" }, []],
      ["fetch", "me/fetch", { file: "mine.yaml" }, ["docker-mcp.yaml"]],
      ["github", "me/github", { file: "mine.yaml" }, ["docker-mcp.yaml", "team.yaml"]],
      ["jira", "team/jira", { file: "team.yaml", catalog: "team" }, []],
      ["time", "mcp/time", { file: "docker-mcp.yaml", catalog: "docker-mcp" }, []],
    ]);
    expect(layered.byName.get("github")?.source.file).toBe("mine.yaml");
    expect([...layered.byName.keys()]).toEqual(["Zed", "fetch", "github", "jira", "time"]);
  });

  it("depends on the order of the catalogs for winners, never for the listing", () => {
    const forward = layerCatalogs([docker, team]);
    const backward = layerCatalogs([team, docker]);
    expect(forward.servers.map((s) => s.name)).toEqual(backward.servers.map((s) => s.name));
    expect(forward.byName.get("github")).toMatchObject({ entry: { image: "team/github" }, shadows: ["docker-mcp.yaml"] });
    expect(backward.byName.get("github")).toMatchObject({ entry: { image: "mcp/github" }, shadows: ["team.yaml"] });
  });

  it("does not count a catalog given twice as shadowing itself", () => {
    const layered = layerCatalogs([docker, team, docker]);
    expect(layered.byName.get("github")).toMatchObject({ entry: { image: "mcp/github" }, shadows: ["team.yaml"] });
    expect(layered.byName.get("time")?.shadows).toEqual([]);
  });

  it("gives nothing for no catalogs", () => {
    expect(layerCatalogs([])).toEqual({ servers: [], byName: new Map() });
  });
});
