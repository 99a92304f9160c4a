import { readFileSync } from "node:fs";
import { formatDiagnostic } from "@mcpgw/core";
import { describe, expect, it } from "vitest";
import { parseCatalog } from "./parse-catalog.js";
import type { Catalog } from "./parse-catalog.js";
import { serverType } from "./schema.js";

const fixture = readFileSync(new URL("./fixtures/docker-catalog.yaml", import.meta.url), "utf8");

function parseOk(text: string, file = "cat.yaml"): { catalog: Catalog; warnings: string[] } {
  const parsed = parseCatalog(text, file);
  if (!parsed.ok) throw new Error(parsed.errors.map(formatDiagnostic).join("\n"));
  return { catalog: parsed.value, warnings: parsed.warnings.map(formatDiagnostic) };
}

function parseErrors(text: string, file = "cat.yaml"): string[] {
  const parsed = parseCatalog(text, file);
  if (parsed.ok) throw new Error("expected the catalog not to parse");
  return parsed.errors.map(formatDiagnostic);
}

describe("parseCatalog: a Docker-format catalog", () => {
  const { catalog, warnings } = parseOk(fixture, "docker-mcp.yaml");

  it("loads as-is, warning only about the one unknown field, with its place", () => {
    expect(warnings).toEqual([
      'docker-mcp.yaml:131:5: warning: registry.notion-remote.colour: unknown field "colour" (kept as is)',
    ]);
  });

  it("reads the top level and every server, in file order", () => {
    expect(catalog).toMatchObject({ file: "docker-mcp.yaml", name: "docker-mcp", displayName: "Docker MCP Catalog" });
    expect(Object.keys(catalog.servers)).toEqual([
      "github-official",
      "filesystem",
      "notion-remote",
      "legacy-sse",
      "curl",
      "everything",
    ]);
    expect(Object.values(catalog.servers).map((entry) => serverType(entry))).toEqual([
      "server",
      "server",
      "remote",
      "remote",
      "poci",
      "process",
    ]);
  });

  it("keeps secrets, env templates, OAuth, tools and Docker's informational fields", () => {
    const github = catalog.servers["github-official"]!;
    expect(github).toMatchObject({
      image: expect.stringMatching(/^ghcr\.io\/github\/github-mcp-server@sha256:/),
      prefix: "gh",
      longLived: false,
      allowHosts: ["api.github.com:443", "github.com:443"],
      extraHosts: ["ghe.internal:10.0.0.5"],
      secrets: [{ name: "github.personal_access_token", env: "GITHUB_PERSONAL_ACCESS_TOKEN", example: "<YOUR_TOKEN>" }],
      env: [{ name: "GITHUB_TOOLSETS", value: "{{github-official.toolsets}}" }],
      oauth: {
        providers: [{ provider: "github", secret: "github.personal_access_token", env: "GITHUB_PERSONAL_ACCESS_TOKEN" }],
        scopes: ["repo", "read:org"],
      },
      dateAdded: "2025-05-04T17:03:41Z",
      ref: "",
      toolsUrl: "http://desktop.docker.com/mcp/catalog/v3/tools/github-official.json",
      prompts: 0,
      resources: {},
      metadata: { category: "devops", tags: ["github", "devops"], owner: "github" },
      policy: { action: "allow" },
    });
    expect(github.tools?.[0]?.arguments?.[3]).toEqual({
      name: "labels",
      type: "array",
      items: { type: "string" },
      desc: "Labels to apply to this issue",
      optional: true,
    });
  });

  it("keeps config schemas, volume templates, sharing and network settings", () => {
    expect(catalog.servers.filesystem).toMatchObject({
      command: ["{{filesystem.paths|volume-target|into}}"],
      volumes: ["{{filesystem.paths|volume|into}}"],
      user: "1000:1000",
      disableNetwork: true,
      sharing: "session",
      config: [
        {
          name: "filesystem",
          type: "object",
          properties: { paths: { type: "array", items: { type: "string" } } },
          required: ["paths"],
        },
      ],
    });
  });

  it("keeps remote, POCI and process entries, and the unknown field", () => {
    expect(catalog.servers["notion-remote"]).toMatchObject({
      remote: {
        url: "https://mcp.notion.com/mcp",
        transport_type: "streamable-http",
        headers: { Authorization: "Bearer ${NOTION_TOKEN}" },
      },
      colour: "blue",
    });
    expect(catalog.servers["legacy-sse"]?.sseEndpoint).toBe("http://localhost:3001/sse");
    expect(catalog.servers.curl?.tools?.[0]).toMatchObject({
      container: { image: "alpine/curl", command: ["{{args|into}}"] },
      parameters: { type: "object", required: ["args"] },
    });
    expect(catalog.servers.everything).toMatchObject({
      type: "process",
      process: { command: "npx", args: ["-y", "@modelcontextprotocol/server-everything"] },
      sharing: "shared",
      longLived: true,
    });
  });

  it("keeps the document, so positions and comments stay available", () => {
    expect(catalog.source.file).toBe("docker-mcp.yaml");
    expect(catalog.source.document.toString({ lineWidth: 0 })).toBe(fixture);
  });
});

describe("parseCatalog: problems", () => {
  it("names the file, line and column of broken YAML", () => {
    const errors = parseErrors("registry:\n  github:\n    image: [mcp/github\n    title: x\n", "broken.yaml");
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatch(/^broken\.yaml:\d+:\d+: /);
    const parsed = parseCatalog("registry:\n  a: {image: x}\n  a: {image: y}\n", "dup.yaml");
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors[0]).toMatchObject({ file: "dup.yaml", line: 3, column: 3 });
  });

  it("names the file, server, field path and line of a schema error", () => {
    const text = [
      "registry:",
      "  github:",
      "    image: mcp/github",
      "    secrets:",
      "      - name: github.token",
      "        env: 42",
      "  fetch:",
      "    image: mcp/fetch",
      "    sharing: sometimes",
      "",
    ].join("\n");
    const parsed = parseCatalog(text, "team.yaml");
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors).toHaveLength(2);
    expect(parsed.errors[0]).toMatchObject({ file: "team.yaml", line: 6, column: 9, field: "registry.github.secrets[0].env" });
    expect(parsed.errors[1]).toMatchObject({ file: "team.yaml", line: 9, column: 5, field: "registry.fetch.sharing" });
    expect(formatDiagnostic(parsed.errors[0]!)).toMatch(/^team\.yaml:6:9: registry\.github\.secrets\[0\]\.env: .*expected string/);
  });

  it("names the line and field of a bad size in Docker's resources.limits", () => {
    const parsed = parseCatalog(["registry:", "  fetch:", "    image: mcp/fetch", "    resources:", "      limits: { memory: lots, cpus: 0.5 }", ""].join("\n"), "team.yaml");
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0]).toMatchObject({ file: "team.yaml", line: 5, field: "registry.fetch.resources.limits.memory" });
    expect(parsed.errors[0]!.message).toContain("a size such as 512M or 2Gb");
  });

  it("takes an OAuth provider's issuer, and names the line of one that is no URL", () => {
    const entry = (issuer: string) => ["registry:", "  github:", "    image: ghcr.io/github/github-mcp-server", "    oauth:", "      providers:", `        - { provider: github, issuer: "${issuer}" }`, ""].join("\n");
    expect(parseOk(entry("https://github.example")).catalog.servers.github?.oauth?.providers?.[0]?.issuer).toBe("https://github.example");
    const [error, ...others] = parseErrors(entry("not a url"));
    expect(others).toEqual([]);
    expect(error).toMatch(/^cat\.yaml:6:\d+: registry\.github\.oauth\.providers\[0\]\.issuer: an issuer URL/);
  });

  it("places a field that is missing at its server", () => {
    const text = "registry:\n  ok:\n    image: mcp/ok\n  filesystem:\n    title: Filesystem\n  local:\n    type: process\n";
    expect(parseErrors(text)).toEqual([
      'cat.yaml:4:3: registry.filesystem.image: a server of type "server" needs an image',
      'cat.yaml:6:3: registry.local.process: a server of type "process" needs process.command',
    ]);
  });

  it("says which server name is not allowed, and where", () => {
    const errors = parseErrors("registry:\n  good:\n    image: x\n  my server:\n    image: y\n");
    expect(errors).toEqual([
      `cat.yaml:4:3: registry["my server"]: server name "my server" is not allowed: use letters, digits, '_', '.', '-', starting with a letter or digit`,
    ]);
  });

  it("rejects a file that is not a map", () => {
    expect(parseErrors("- a\n- b\n")[0]).toMatch(/^cat\.yaml:1:1: .*expected object/);
  });
});

describe("parseCatalog: edge cases", () => {
  it("reads an empty file, a comment-only file and `registry:` with nothing as no servers", () => {
    for (const text of ["", "# nothing yet\n", "name: mine\nregistry:\n"]) {
      expect(Object.keys(parseOk(text).catalog.servers)).toEqual([]);
    }
  });

  it("gives undefined, not an inherited value, for names that are not servers", () => {
    const { catalog } = parseOk("registry:\n  constructor:\n    image: x\n");
    expect(catalog.servers.constructor).toMatchObject({ image: "x" });
    expect(catalog.servers.toString).toBeUndefined();
    expect(Object.keys(catalog.servers)).toEqual(["constructor"]);
  });

  it("warns about unknown fields at every level, and not inside free-form ones", () => {
    const text = [
      "version: 3",
      "owner: me",
      "registry:",
      "  a:",
      "    image: x",
      "    secrets:",
      "      - {name: s, env: S, hint: h}",
      "    metadata: {anything: 1}",
      "    config:",
      "      - {name: a, anyOf: [{required: [x]}]}",
      "    tools:",
      "      - name: t",
      "        arguments: [{name: n, type: array, items: {type: object, properties: {}}}]",
      "",
    ].join("\n");
    expect(parseOk(text).warnings).toEqual([
      'cat.yaml:2:1: warning: owner: unknown field "owner" (kept as is)',
      'cat.yaml:7:27: warning: registry.a.secrets[0].hint: unknown field "hint" (kept as is)',
    ]);
  });
});
