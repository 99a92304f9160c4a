import type { LayeredCatalog } from "@mcpgw/catalog";
import { layerCatalogs, parseCatalog } from "@mcpgw/catalog";
import { SecretValue } from "@mcpgw/core";
import { describe, expect, it } from "vitest";
import type { SecretLookup } from "./resolve.js";
import { resolveServers } from "./resolve.js";

const CATALOG = `
registry:
  github:
    image: ghcr.io/github/github-mcp-server
    secrets: [{ name: github.personal_access_token, env: GITHUB_PERSONAL_ACCESS_TOKEN }]
    oauth:
      providers:
        - { provider: github, secret: github.personal_access_token, env: GITHUB_PERSONAL_ACCESS_TOKEN }
      client: { id: gh-app, secret: github.client_secret }
  notes:
    type: process
    process: { command: node, args: [notes.js] }
    oauth:
      providers:
        - { provider: notes-id, env: NOTES_TOKEN, issuer: "https://id.example" }
        - { provider: lost }
        - { provider: "bad/name", env: BAD }
  remote:
    type: remote
    remote: { url: "https://mcp.example/mcp" }
    oauth: { providers: [{ provider: remote, env: REMOTE_TOKEN }] }
`;

function catalog(): LayeredCatalog {
  const parsed = parseCatalog(CATALOG, "oauth.yaml");
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join("\n"));
  return layerCatalogs([parsed.value]);
}

function secrets(values: Record<string, string>): SecretLookup {
  return { resolve: async (name) => (name in values ? new SecretValue(name, values[name]!, "test") : undefined) };
}

const resolve = (servers: string[], values: Record<string, string>) => resolveServers({ catalog: catalog(), servers, config: {}, tools: {}, secrets: secrets(values) });

describe("resolveServers: Docker's oauth.providers form", () => {
  it("still refuses a server whose secret is missing when its provider has no stored tokens", async () => {
    const result = await resolve(["github"], { "github.client_secret": "cs" });
    expect(result.specs).toEqual([]);
    expect(result.errors.map((e) => e.error.code)).toEqual(["SECRET_MISSING"]);
  });

  it("takes the provider's stored tokens for the missing secret, and gives the spec its providers with the catalog's client", async () => {
    const result = await resolve(["github"], { "oauth/github": "{}", "github.client_secret": "cs" });
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    const [spec] = result.specs;
    expect(spec?.secretEnv).toEqual({});
    expect(spec?.oauthEnv).toEqual([{ provider: "github", env: "GITHUB_PERSONAL_ACCESS_TOKEN", client: { id: "gh-app", secret: expect.any(SecretValue) } }]);
    expect(spec?.oauthEnv?.[0]?.client?.secret?.reveal()).toBe("cs");
  });

  it("keeps a secret that is set, beside the providers", async () => {
    const [spec] = (await resolve(["github"], { "github.personal_access_token": "pat", "github.client_secret": "cs" })).specs;
    expect(spec?.secretEnv.GITHUB_PERSONAL_ACCESS_TOKEN?.reveal()).toBe("pat");
    expect(spec?.oauthEnv?.map((p) => p.provider)).toEqual(["github"]);
  });

  it("warns about providers that cannot work, and gives remote servers none", async () => {
    const result = await resolve(["notes", "remote"], {});
    expect(result.errors).toEqual([]);
    expect(result.specs.map((s) => [s.name, s.oauthEnv])).toEqual([
      ["notes", [{ provider: "notes-id", env: "NOTES_TOKEN" }]],
      ["remote", undefined],
    ]);
    expect(result.warnings.map((w) => w.error.message)).toEqual([
      `server "notes": its OAuth provider "lost" names neither an env nor a secret of the server's; its token is not passed`,
      `server "notes": its OAuth provider "bad/name" has a name that cannot name its tokens (letters, digits, "_", "." and "-"); it is ignored`,
    ]);
  });
});
