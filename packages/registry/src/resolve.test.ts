import type { LayeredCatalog } from "@mcpgw/catalog";
import { layerCatalogs, parseCatalog } from "@mcpgw/catalog";
import { SecretValue } from "@mcpgw/core";
import { describe, expect, it } from "vitest";
import type { SecretLookup } from "./resolve.js";
import { resolveServers } from "./resolve.js";

const CATALOG = `
name: test
registry:
  github:
    image: mcp/github:1.0
    secrets:
      - name: github.personal_access_token
        env: GITHUB_PERSONAL_ACCESS_TOKEN
      - name: github.app_key
        env: GITHUB_APP_KEY
        required: false
    env:
      - name: GITHUB_ORG
        value: "{{github.org|or:none}}"
    tools:
      - name: create_issue
        description: Create an issue
        arguments:
          - { name: title, type: string, desc: The title }
      - name: list_repos
        description: List repositories
  filesystem:
    image: mcp/filesystem
    limits: { cpus: 0.5, memory: 256Mb }
    readOnlyRootfs: false
    command: ["{{filesystem.paths|into}}"]
    volumes: ["{{filesystem.paths|volume|into}}"]
    disableNetwork: true
    config:
      - name: filesystem
        type: object
        properties:
          paths: { type: array, items: { type: string }, description: folders the server may read }
        required: [paths]
  notes:
    type: process
    process: { command: node, args: [notes.js, "--dir={{notes.dir|or:/tmp}}"] }
    sharing: session
    longLived: true
  remote-api:
    type: remote
    remote: { url: "https://api.example.com/mcp", transport_type: sse, headers: { Authorization: "Bearer \${API_TOKEN}" } }
  tooly:
    type: poci
  docker:
    type: poci
    image: docker:cli
    tools:
      - name: docker
        parameters: { type: object, properties: { args: { type: array, items: { type: string } } } }
        container: { command: ["{{args|into}}"], volumes: ["/var/run/docker.sock:/var/run/docker.sock"] }
      - name: curl
        container: { image: curlimages/curl, command: ["{{url}}"], user: "1000" }
  docker-limits:
    image: mcp/docker-limits
    resources: { limits: { memory: 512M, cpus: "0.5" } }
  docker-cpu:
    image: mcp/docker-cpu
    resources: { limits: { cpu: 2 } }
    limits: { memory: 1Gb }
  both-limits:
    image: mcp/both
    resources: { limits: { memory: 512M, cpus: 0.5 } }
    limits: { cpus: 1 }
`;

function catalogMap(): LayeredCatalog {
  const parsed = parseCatalog(CATALOG, "test.yaml");
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join("\n"));
  return layerCatalogs([parsed.value]);
}

function secrets(values: Record<string, string>): SecretLookup {
  return { resolve: async (name) => (name in values ? new SecretValue(name, values[name]!, "test") : undefined) };
}

describe("resolveServers", () => {
  it("builds a docker spec with secrets as env, templates filled, tools narrowed by tools.yaml", async () => {
    const result = await resolveServers({
      catalog: catalogMap(),
      servers: ["github"],
      config: { github: { org: "acme" } },
      tools: { github: ["create_issue"] },
      secrets: secrets({ "github.personal_access_token": "tok-123456" }),
    });
    expect(result.errors).toEqual([]);
    expect(result.warnings.map((w) => w.error.message)).toEqual(["server \"github\" needs secret github.app_key (env GITHUB_APP_KEY)"]);
    const [spec] = result.specs;
    expect(spec).toMatchObject({ kind: "docker", name: "github", image: "mcp/github:1.0", env: { GITHUB_ORG: "acme" }, sharing: "shared" });
    expect(spec?.secretEnv.GITHUB_PERSONAL_ACCESS_TOKEN?.reveal()).toBe("tok-123456");
    expect(spec?.tools?.map((t) => t.name)).toEqual(["create_issue"]);
    expect(spec?.enabledTools).toEqual(["create_issue"]);
    expect(JSON.stringify(spec)).not.toContain("tok-123456");
  });

  it("reports a missing secret with the command that sets it, and leaves the server out", async () => {
    const result = await resolveServers({ catalog: catalogMap(), servers: ["github"], config: {}, tools: {}, secrets: secrets({}) });
    expect(result.specs).toEqual([]);
    expect(result.errors[0]?.error).toMatchObject({ code: "SECRET_MISSING", suggestion: "mcpgw secret set github.personal_access_token" });
  });

  it("reports a missing required config value, and renders lists once it is set", async () => {
    const missing = await resolveServers({ catalog: catalogMap(), servers: ["filesystem"], config: {}, tools: {}, secrets: secrets({}) });
    expect(missing.errors[0]?.error).toMatchObject({
      code: "CONFIG_MISSING",
      message: 'server "filesystem" needs config value filesystem.paths (folders the server may read)',
      suggestion: "mcpgw config write 'filesystem: {paths: [...]}'",
    });
    const wrongType = await resolveServers({ catalog: catalogMap(), servers: ["filesystem"], config: { filesystem: { paths: "/a" } }, tools: {}, secrets: secrets({}) });
    expect(wrongType.errors[0]?.error.message).toBe('config value filesystem.paths of server "filesystem" must be array, not string');
    const ok = await resolveServers({ catalog: catalogMap(), servers: ["filesystem"], config: { filesystem: { paths: ["/a", "/b"] } }, tools: {}, secrets: secrets({}) });
    expect(ok.specs[0]).toMatchObject({
      kind: "docker",
      command: ["/a", "/b"],
      volumes: ["/a:/a", "/b:/b"],
      disableNetwork: true,
      limits: { cpus: 0.5, memory: 256 * 1024 ** 2 },
      readOnlyRootfs: false,
    });
  });

  it("applies Docker's resources.limits to the container, under mcpgw's own limits field by field", async () => {
    const result = await resolveServers({ catalog: catalogMap(), servers: ["docker-limits", "docker-cpu", "both-limits"], config: {}, tools: {}, secrets: secrets({}) });
    expect(result.errors).toEqual([]);
    expect(result.specs.map((spec) => (spec.kind === "docker" ? spec.limits : undefined))).toEqual([
      { cpus: 0.5, memory: 512 * 1024 ** 2 },
      { cpus: 2, memory: 1024 ** 3 },
      { cpus: 1, memory: 512 * 1024 ** 2 },
    ]);
  });

  it("builds process and remote specs", async () => {
    const result = await resolveServers({ catalog: catalogMap(), servers: ["notes", "remote-api"], config: {}, tools: {}, secrets: secrets({}) });
    expect(result.errors).toEqual([]);
    expect(result.specs).toEqual([
      expect.objectContaining({ kind: "process", command: "node", args: ["notes.js", "--dir=/tmp"], sharing: "session", longLived: true }),
      expect.objectContaining({ kind: "remote", url: "https://api.example.com/mcp", transport: "sse", headers: { Authorization: "Bearer ${API_TOKEN}" } }),
    ]);
  });

  it("reports unknown and broken servers without stopping the others", async () => {
    const result = await resolveServers({ catalog: catalogMap(), servers: ["githb", "tooly", "notes"], config: {}, tools: {}, secrets: secrets({}) });
    expect(result.specs.map((s) => s.name)).toEqual(["notes"]);
    expect(result.errors.map((e) => [e.server, e.error.code])).toEqual([
      ["githb", "NOT_FOUND"],
      ["tooly", "CONFIG_INVALID"],
    ]);
    expect(result.errors[1]?.error.message).toMatch(/poci entry without tools/);
    expect(result.errors[0]?.error.message).toContain('Did you mean "github"?');
  });

  it("builds a poci spec, argument templates kept for the call, the engine socket refused until the registry allows it", async () => {
    const refused = await resolveServers({ catalog: catalogMap(), servers: ["docker"], config: {}, tools: {}, secrets: secrets({}) });
    expect(refused.errors.map(({ error }) => [error.code, error.suggestion])).toEqual([["REFUSED", "mcpgw server enable docker --allow-engine-socket"]]);
    expect(refused.errors[0]?.error.message).toMatch(/tool "docker" mounts the container engine's socket/);

    const registry = { registry: { docker: { ref: "", allowEngineSocket: true } } };
    const allowed = await resolveServers({ catalog: catalogMap(), servers: ["docker"], config: {}, tools: { docker: ["docker"] }, secrets: secrets({}), registry });
    expect(allowed.errors).toEqual([]);
    expect(allowed.specs[0]).toMatchObject({
      kind: "poci",
      allowEngineSocket: true,
      tools: [{ name: "docker", inputSchema: { type: "object", properties: { args: { type: "array" } } } }],
      containers: {
        docker: { image: "docker:cli", command: ["{{args|into}}"], volumes: ["/var/run/docker.sock:/var/run/docker.sock"] },
        curl: { image: "curlimages/curl", command: ["{{url}}"], volumes: [], user: "1000" },
      },
    });
  });

  it("points an unknown name from the command line at the catalogs, an enabled one at the registry", async () => {
    const input = { catalog: catalogMap(), servers: ["githb"], config: {}, tools: {}, secrets: secrets({}) };
    const fromFlag = (await resolveServers({ ...input, serversFrom: "flag" })).errors[0]?.error;
    expect(fromFlag?.message).toBe('no server "githb" in the catalogs. Did you mean "github"?');
    expect(fromFlag?.suggestion).toContain("mcpgw catalog show");
    expect((await resolveServers(input)).errors[0]?.error.suggestion).toBe("mcpgw server disable githb");
  });
});
