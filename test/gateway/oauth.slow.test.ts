// The gateway as an OAuth 2.1 resource server: a real `mcpgw gateway run --transport streaming
// --oauth-issuer …` against a local issuer (node:http serving RFC 8414 metadata and a JWKS),
// and a real v1 SDK client sending the issuer's access tokens.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TempHome } from "../support/cli.js";
import { Cleanup, connectV1, textOf } from "../support/clients.js";
import type { GatewayProcess } from "../support/gateway.js";
import { startGateway } from "../support/gateway.js";
import type { OAuthIssuer } from "../support/oauth-issuer.js";
import { startOAuthIssuer } from "../support/oauth-issuer.js";
import { CLOCK_TOOLS, clockProcess, writeHome } from "../support/servers.js";

const SCOPE = "mcp:tools";
const INITIALIZE = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
};

describe("gateway run --oauth-issuer", () => {
  let home: TempHome;
  let issuer: OAuthIssuer;
  let gateway: GatewayProcess;
  /** The canonical URL, and so the audience: the default, http://127.0.0.1:<port>/mcp. */
  let resource: string;

  beforeAll(async () => {
    home = await TempHome.create();
    await writeHome(home, { clock: clockProcess() });
    issuer = await startOAuthIssuer();
    gateway = await startGateway(home, { args: ["--oauth-issuer", issuer.issuer, "--oauth-scopes", SCOPE] });
    resource = gateway.mcpUrl;
  }, 120_000);

  afterAll(async () => {
    await gateway?.stop();
    await issuer?.close();
    await home?.[Symbol.asyncDispose]();
  }, 60_000);

  const initialize = (headers: Record<string, string> = {}) =>
    fetch(gateway.mcpUrl, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...headers },
      body: JSON.stringify(INITIALIZE),
    });

  it("prints no gateway token: OAuth callers need none", () => {
    expect(gateway.token).toBeUndefined();
    expect(gateway.stdout).not.toMatch(/Bearer token:/);
  });

  it("serves a v1 client that sends a valid access token: tools are listed and called", async () => {
    const token = issuer.token({ sub: "alice", aud: resource, scope: `${SCOPE} other`, client_id: "e2e-client" });
    await using cleanup = new Cleanup();
    const { client } = await connectV1({ url: gateway.url, headers: { Authorization: `Bearer ${token}` } });
    cleanup.add(client);
    const names = (await client.listTools()).tools.map((tool) => tool.name);
    expect(names.sort()).toEqual([...CLOCK_TOOLS].sort());
    const result = await client.callTool({ name: "now", arguments: {} });
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).not.toBe("");
    expect(gateway.stderr).not.toContain(token);
  });

  it("answers 401 without a token, naming the metadata URL, which answers the RFC 9728 document", async () => {
    const response = await initialize();
    expect(response.status).toBe(401);
    const challenge = response.headers.get("www-authenticate") ?? "";
    expect(challenge).toMatch(/^Bearer /);
    expect(challenge).toContain(`scope="${SCOPE}"`);
    const metadataUrl = /resource_metadata="([^"]+)"/.exec(challenge)?.[1];
    expect(metadataUrl).toBe(`${gateway.url}/.well-known/oauth-protected-resource/mcp`);
    const metadata = await fetch(metadataUrl!);
    expect(metadata.status).toBe(200);
    expect(await metadata.json()).toEqual({ resource, authorization_servers: [issuer.issuer], scopes_supported: [SCOPE], bearer_methods_supported: ["header"] });
    // The bare form, which clients probe first, answers the same.
    expect(await (await fetch(`${gateway.url}/.well-known/oauth-protected-resource`)).json()).toMatchObject({ resource });
  });

  it("answers 401 invalid_token to a token for another audience, and 403 insufficient_scope to one without the scope", async () => {
    const elsewhere = await initialize({ authorization: `Bearer ${issuer.token({ sub: "alice", aud: "https://other.example.com/mcp", scope: SCOPE })}` });
    expect(elsewhere.status).toBe(401);
    expect(elsewhere.headers.get("www-authenticate")).toMatch(/error="invalid_token"/);

    const narrow = await initialize({ authorization: `Bearer ${issuer.token({ sub: "alice", aud: resource, scope: "mcp:read" })}` });
    expect(narrow.status).toBe(403);
    const challenge = narrow.headers.get("www-authenticate") ?? "";
    expect(challenge).toMatch(/^Bearer error="insufficient_scope"/);
    expect(challenge).toContain(`scope="${SCOPE}"`);
    expect(challenge).toContain(`resource_metadata="${gateway.url}/.well-known/oauth-protected-resource/mcp"`);
    expect(await narrow.json()).toMatchObject({ jsonrpc: "2.0", error: { code: -32000 }, id: null });
  });
});
