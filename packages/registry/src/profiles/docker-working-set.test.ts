import { readFile } from "node:fs/promises";
import type { LayeredCatalog } from "@mcpgw/catalog";
import { layerCatalogs, parseCatalog } from "@mcpgw/catalog";
import { formatDiagnostic } from "@mcpgw/core";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { importDockerWorkingSet } from "./docker-working-set.js";
import { readProfileImport } from "./profile-import.js";

// The servers of Docker's catalog the fixture's entries point at, pinned to other digests.
const CATALOG = `
name: docker-mcp
registry:
  github-official:
    image: ghcr.io/github/github-mcp-server@sha256:0a2d3e5b2f0c0e3c94d7e7f6bdb8d5dc3a3c2d8f2e21b5ad8b4c1b0f8a1e9c77
    tools: [{ name: get_me }, { name: create_issue }]
  filesystem:
    image: mcp/filesystem@sha256:35fcf0217ab0a5b5fa1a1e2a5d2a0f3a4a0c1f3f7d8f6a1e4c5b2d3e4f5a6b7c
  notion-remote:
    type: remote
    remote: { url: https://mcp.notion.com/mcp, transport_type: streamable-http }
  fetch:
    image: mcp/fetch:latest
  fetch-pinned:
    image: docker.io/mcp/fetch:2025-10-01
`;

function catalog(text = CATALOG): LayeredCatalog {
  const parsed = parseCatalog(text, "docker-mcp.yaml");
  if (!parsed.ok) throw new Error(parsed.errors.map(formatDiagnostic).join("\n"));
  return layerCatalogs([parsed.value]);
}

const fixture = () => readFile(new URL("./fixtures/docker-profile.yaml", import.meta.url), "utf8");

describe("importing Docker's profile format", () => {
  it("maps image and remote entries to catalog servers with their tools and config, and reports the rest", async () => {
    const parsed = importDockerWorkingSet(await fixture(), catalog(), "dev-tools.yaml");
    expect(parsed.ok && parsed.warnings).toEqual([]);
    if (!parsed.ok) return;
    const imported = parsed.value;
    expect(imported.id).toBe("dev-tools");
    expect(imported.displayName).toBe("Dev Tools");
    expect(imported.content).toEqual({
      servers: {
        "github-official": { tools: ["get_me", "create_issue"], config: { toolsets: "repos,issues" } },
        filesystem: { tools: [] },
        "notion-remote": {},
      },
    });
    expect(imported.mapped.map((m) => [m.entry, m.server])).toEqual([
      [1, "github-official"],
      [2, "filesystem"],
      [3, "notion-remote"],
    ]);
    expect(imported.unmapped).toEqual([
      {
        entry: 4,
        from: "image mcp/duckduckgo@sha256:0c4a7b1e5f2d8c9b3a6e1f4d7c0b9a8e2d5f1c4b7a0e3d6c9f2b5a8e1d4c7b0a (duckduckgo)",
        reason: "no catalog server has image mcp/duckduckgo",
      },
      { entry: 5, from: expect.stringContaining("registry https://"), reason: "no catalog server has image kubeshop/testkube-mcp (from its snapshot)" },
      {
        entry: 6,
        from: "registry https://registry.modelcontextprotocol.io/v0/servers/71de5a2a-6cfb-4250-a196-f93080ecc860/versions/latest",
        reason: "an MCP Registry reference with no image in its snapshot: mcpgw's catalogs do not read the MCP Registry",
      },
    ]);
    expect(imported.notes).toEqual([
      "secrets: Docker's secret store settings are not carried over; mcpgw reads secrets from its chain (`mcpgw secret set`, `--secrets`)",
    ]);
  });

  it("takes the snapshot's name among servers of the same image, and otherwise reports them all", () => {
    const entry = (name?: string) => ({ type: "image", image: "mcp/fetch@sha256:" + "ab".repeat(32), ...(name ? { snapshot: { server: { name } } } : {}) });
    const parsed = importDockerWorkingSet(stringify({ version: 1, id: "x", name: "x", servers: [entry("fetch-pinned"), entry(), entry("fetch")] }), catalog());
    if (!parsed.ok) throw new Error("did not parse");
    expect(parsed.value.mapped.map((m) => m.server)).toEqual(["fetch-pinned", "fetch"]);
    expect(parsed.value.notes[0]).toBe('entry 1: image mcp/fetch is in several catalog servers (fetch, fetch-pinned); took "fetch-pinned", the name Docker\'s entry gives');
    expect(parsed.value.unmapped).toEqual([
      {
        entry: 2,
        from: expect.stringMatching(/^image mcp\/fetch@sha256:/),
        reason: "several catalog servers have image mcp/fetch (fetch, fetch-pinned): add the one meant with `mcpgw profile server add`",
      },
    ]);
  });

  it("reports an entry that names the same server twice, and a type it does not know", () => {
    const text = stringify({
      version: 1,
      id: "x",
      name: "x",
      servers: [
        { type: "image", image: "mcp/filesystem" },
        { type: "image", image: "index.docker.io/mcp/filesystem:1" },
        { type: "oci", image: "mcp/filesystem" },
      ],
    });
    const parsed = importDockerWorkingSet(text, catalog());
    if (!parsed.ok) throw new Error("did not parse");
    expect(parsed.value.unmapped.map((u) => u.reason)).toEqual(['the same server as entry 1 ("filesystem")', 'type "oci" is none of Docker\'s (image, registry, remote)']);
  });

  it("names the line of what is not Docker's format", () => {
    const parsed = importDockerWorkingSet("version: 2\nid: x\nservers:\n  - image: mcp/a\n", catalog(), "p.yaml");
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.map(formatDiagnostic)).toEqual([
      "p.yaml:1:1: version: this reads version 1 of Docker's profile format",
      "p.yaml:4:5: servers[0].type: Invalid input: expected string, received undefined",
    ]);
  });
});

describe("reading a profile to import", () => {
  it("tells Docker's format (YAML or JSON) from mcpgw's", async () => {
    const docker = readProfileImport(JSON.stringify({ version: 1, id: "j", name: "J", servers: [{ type: "image", image: "mcp/filesystem" }] }), "j.json", catalog());
    expect(docker.ok && docker.value.format).toBe("docker");
    expect(docker.ok && docker.value.content).toEqual({ servers: { filesystem: {} } });
    const own = readProfileImport("servers:\n  fetch: {tools: [fetch]}\ntoolBudget: 12\n", "own.yaml", catalog());
    expect(own.ok && own.value).toEqual({ format: "mcpgw", content: { servers: { fetch: { tools: ["fetch"] } }, toolBudget: 12 } });
    const broken = readProfileImport("servers: [\n", "broken.yaml", catalog());
    expect(broken.ok).toBe(false);
  });
});
