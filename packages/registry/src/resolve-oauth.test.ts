import { layerCatalogs, parseCatalog } from "@mcpgw/catalog";
import { SecretValue } from "@mcpgw/core";
import type { RemoteServerSpec } from "@mcpgw/core";
import { describe, expect, it } from "vitest";
import type { SecretLookup } from "./resolve.js";
import { resolveServers } from "./resolve.js";

const CATALOG = `
registry:
  linear:
    type: remote
    remote: { url: "https://mcp.linear.example/mcp" }
    oauth:
      scopes: [read, write]
      client: { id: mcpgw-at-linear, secret: linear.oauth_client_secret }
  notion:
    type: remote
    remote: { url: "https://mcp.notion.example/mcp" }
    oauth: { providers: [{ provider: notion }] }
`;

const resolve = (values: Record<string, string>, servers: string[]) => {
  const parsed = parseCatalog(CATALOG, "oauth.yaml");
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join("\n"));
  const secrets: SecretLookup = { resolve: async (name) => (name in values ? new SecretValue(name, values[name]!, "test") : undefined) };
  return resolveServers({ catalog: layerCatalogs([parsed.value]), servers, config: {}, tools: {}, secrets });
};

describe("a remote server's oauth: entry", () => {
  it("gives the spec its scopes and pre-registered client, the client secret from the chain and never shown", async () => {
    const result = await resolve({ "linear.oauth_client_secret": "s3cr3t-value" }, ["linear"]);
    expect(result.errors).toEqual([]);
    const spec = result.specs[0] as RemoteServerSpec;
    expect(spec.oauth?.scopes).toEqual(["read", "write"]);
    expect(spec.oauth?.client?.id).toBe("mcpgw-at-linear");
    expect(spec.oauth?.client?.secret?.reveal()).toBe("s3cr3t-value");
    expect(JSON.stringify(spec)).not.toContain("s3cr3t-value");
  });

  it("names the missing client secret and how to set it", async () => {
    const result = await resolve({}, ["linear"]);
    expect(result.specs).toEqual([]);
    expect(result.errors.map((e) => [e.error.code, e.error.message, e.error.suggestion])).toEqual([
      ["SECRET_MISSING", 'server "linear" needs secret linear.oauth_client_secret (the secret of its OAuth client)', "mcpgw secret set linear.oauth_client_secret"],
    ]);
  });

  it("adds nothing for Docker's providers-only form: the client is registered dynamically", async () => {
    const result = await resolve({}, ["notion"]);
    expect(result.errors).toEqual([]);
    expect((result.specs[0] as RemoteServerSpec).oauth).toBeUndefined();
  });
});
