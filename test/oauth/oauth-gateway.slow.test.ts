// A gateway serving a remote server that needs OAuth, end to end with real parts: oidc-provider
// as the authorization server, an MCP server that validates its JWTs, the gateway as users run
// it, the CLI to authorize and revoke, a scripted browser to sign in and consent, and SDK
// clients of both eras. Tokens are used, refreshed before expiry and after a 401, and asked for
// again from inside a client; none of them shows up in anything the gateway or the CLI printed.
import { freePort } from "@mcpgw/tooling/testing";
import { ElicitRequestSchema, McpError, ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuthorizationServer } from "../support/authorization-server.js";
import { startAuthorizationServer, TEST_USER } from "../support/authorization-server.js";
import { TestBrowser } from "../support/browser.js";
import { TempHome } from "../support/cli.js";
import { Cleanup, connectV1, connectV2Modern, listToolNames, tapMessages, textOf } from "../support/clients.js";
import type { GatewayProcess } from "../support/gateway.js";
import { startGateway } from "../support/gateway.js";
import type { StoredTokensRecord as StoredTokens } from "../support/oauth-cli.js";
import { runAuthorize, storedTokens, storeTokens } from "../support/oauth-cli.js";
import type { ProtectedMcpServer } from "../support/protected-mcp-server.js";
import { startProtectedMcpServer } from "../support/protected-mcp-server.js";
import { writeHome } from "../support/servers.js";
import { eventually, within } from "../support/wait.js";

/** The user, as an elicitation handler: opens the URL in the test's browser, signs in and consents. */
function browserUser() {
  const visits: Promise<URL>[] = [];
  return {
    visits,
    answer(params: { mode?: string; url?: string }) {
      expect(params.mode).toBe("url");
      const url = new URL(params.url!);
      visits.push(new TestBrowser().authorize(url, url.searchParams.get("redirect_uri")!));
      return { action: "accept" as const };
    },
  };
}

describe("a gateway serving a remote server that needs OAuth", () => {
  let as: AuthorizationServer;
  let resource: ProtectedMcpServer;
  let home: TempHome;
  let gateway: GatewayProcess;
  /** Everything the CLI printed and every error a client got, searched for tokens at the end. */
  const outputs: string[] = [];
  /** Every token set the store held, snapshotted along the way. */
  const seen: StoredTokens[] = [];

  beforeAll(async () => {
    // Access tokens live a few seconds, so that the test sees one expire.
    as = await startAuthorizationServer({ accessTokenTtlSeconds: 4 });
    resource = await startProtectedMcpServer({ issuer: as.issuer });
    home = await TempHome.create();
    await writeHome(home, {
      protected: {
        type: "remote",
        title: "Protected remote",
        remote: { url: resource.url, transport_type: "streamable-http" },
        oauth: { providers: [{ provider: "protected" }] },
      },
    });
    gateway = await startGateway(home, { args: ["--allow-private-remotes"], env: { MCPGW_OAUTH_PORT: "0" } });
  }, 120_000);

  afterAll(async () => {
    await gateway?.stop();
    await resource?.close();
    await as?.close();
    await home?.[Symbol.asyncDispose]();
  }, 60_000);

  const stored = async () => {
    const tokens = await storedTokens(home, "protected");
    if (tokens) seen.push(tokens);
    return tokens;
  };

  const cli = async (args: string[]) => {
    const result = await home.run(args);
    outputs.push(result.stdout, result.stderr);
    expect(result.code, result.stderr).toBe(0);
    return result;
  };

  const authorizeWithCli = async () => {
    const authorize = runAuthorize(home, ["oauth", "authorize", "protected", "--allow-private-remotes"]);
    const url = new URL(await within(authorize.url, "the authorization URL on stdout", 30_000));
    await new TestBrowser().authorize(url, url.searchParams.get("redirect_uri")!);
    const result = await within(authorize.done, "oauth authorize to exit", 30_000);
    outputs.push(result.stdout, result.stderr);
    expect(result.code, result.stderr).toBe(0);
  };

  /** `whoami` through the gateway, with a client of its own. */
  const whoami = async (): Promise<string> => {
    await using cleanup = new Cleanup();
    const { client } = await connectV1(gateway);
    cleanup.add(client);
    return textOf(await client.callTool({ name: "whoami", arguments: {} }));
  };

  it("lists and calls with the tokens `oauth authorize` stored, and refreshes them before expiry and after a 401", async () => {
    await authorizeWithCli();
    const first = (await stored())!;

    await using cleanup = new Cleanup();
    const { client } = await connectV1(gateway);
    cleanup.add(client);
    expect(await listToolNames(client)).toContain("whoami");
    expect(textOf(await client.callTool({ name: "whoami", arguments: {} }))).toBe(TEST_USER);
    expect(resource.tokensSeen).toContain(first.accessToken);

    // The access token runs out; the next call goes out with a refreshed one, on the same session.
    await eventually(() => Date.now() > first.expiresAt!, "the first access token to expire", 30_000, 200);
    expect(textOf(await client.callTool({ name: "whoami", arguments: {} }))).toBe(TEST_USER);
    const refreshed = (await stored())!;
    expect(refreshed.accessToken).not.toBe(first.accessToken);
    expect(resource.tokensSeen.at(-1)).toBe(refreshed.accessToken);

    // A token the gateway believes valid but the server refuses: one refresh, one retry.
    await storeTokens(home, "protected", { ...refreshed, accessToken: "refused-by-the-server", expiresAt: Date.now() + 3_600_000 });
    expect(textOf(await client.callTool({ name: "whoami", arguments: {} }))).toBe(TEST_USER);
    const afterRefusal = (await stored())!;
    expect(afterRefusal.accessToken).not.toBe("refused-by-the-server");
    expect(resource.tokensSeen.slice(-2)).toEqual(["refused-by-the-server", afterRefusal.accessToken]);
  }, 120_000);

  it("after `oauth revoke`, fails the call naming `mcpgw oauth authorize`, with a URL that authorizes the gateway when opened", async () => {
    await cli(["oauth", "revoke", "protected", "--allow-private-remotes"]);
    expect(await stored()).toBeUndefined();

    const error = await whoami().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(McpError);
    const { message, data } = error as McpError & { data: { url: string; server: string; code: string } };
    outputs.push(message, JSON.stringify(data));
    expect(message).toContain("mcpgw oauth authorize protected");
    expect(data).toMatchObject({ server: "protected", code: "AUTHORIZATION_REQUIRED" });
    const url = new URL(data.url);
    expect(url.origin).toBe(as.issuer);
    expect(url.searchParams.get("resource")).toBe(resource.url);

    // The user opens it: the gateway's own callback completes the flow and stores the tokens.
    await new TestBrowser().authorize(url, url.searchParams.get("redirect_uri")!);
    await eventually(async () => (await stored()) !== undefined, "the gateway to store the tokens");
    expect(await whoami()).toBe(TEST_USER);
  }, 120_000);

  it("asks a 2025-11-25 client that takes URL elicitation to authorize, then returns the call's result", async () => {
    await cli(["oauth", "revoke", "protected", "--allow-private-remotes"]);
    await using cleanup = new Cleanup();
    const { client, transport } = await connectV1(gateway, { elicitation: { url: {} } });
    cleanup.add(client);
    const messages = tapMessages(transport);
    const user = browserUser();
    client.setRequestHandler(ElicitRequestSchema, async (request) => user.answer(request.params));
    expect(textOf(await client.callTool({ name: "whoami", arguments: {} }))).toBe(TEST_USER);
    expect(user.visits).toHaveLength(1);
    await user.visits[0];
    expect(await stored()).toBeDefined();
    expect(messages.some((m) => m.method === "notifications/elicitation/complete")).toBe(true);
  }, 120_000);

  it("asks a 2026-07-28 client through input_required, then returns the call's result", async () => {
    await cli(["oauth", "revoke", "protected", "--allow-private-remotes"]);
    await using cleanup = new Cleanup();
    const client = await connectV2Modern(gateway, { elicitation: { url: {} } });
    cleanup.add(client);
    const user = browserUser();
    client.setRequestHandler("elicitation/create", async (request) => user.answer(request.params));
    expect(textOf(await client.callTool({ name: "whoami", arguments: {} }))).toBe(TEST_USER);
    expect(user.visits).toHaveLength(1);
    await user.visits[0];
  }, 120_000);

  it("steps up to a wider scope when the server answers 403 insufficient_scope", async () => {
    expect(await whoami()).toBe(TEST_USER);
    expect((await stored())!.scope).not.toContain("mcp:admin");
    resource.requireScopes(["mcp:tools", "mcp:admin"]);
    try {
      await using cleanup = new Cleanup();
      const { client } = await connectV1(gateway, { elicitation: { url: {} } });
      cleanup.add(client);
      const asked: string[] = [];
      client.setRequestHandler(ElicitRequestSchema, async (request) => {
        const url = new URL((request.params as { url: string }).url);
        asked.push(url.searchParams.get("scope") ?? "");
        await new TestBrowser().authorize(url, url.searchParams.get("redirect_uri")!);
        return { action: "accept" };
      });
      expect(textOf(await client.callTool({ name: "whoami", arguments: {} }))).toBe(TEST_USER);
      expect(asked).toHaveLength(1);
      expect(asked[0]!.split(" ")).toEqual(expect.arrayContaining(["mcp:tools", "mcp:admin"]));
      expect((await stored())!.scope).toEqual(expect.arrayContaining(["mcp:tools", "mcp:admin"]));
    } finally {
      resource.requireScopes(["mcp:tools"]);
    }
  }, 120_000);

  it("marks the server as needing authorization when a refresh fails, and says so to the client and in `oauth ls`", async () => {
    const tokens = (await stored())!;
    // The grant ends at the authorization server behind the gateway's back; the access token then expires.
    const revoked = await fetch(`${as.issuer}/token/revocation`, {
      method: "POST",
      body: new URLSearchParams({ token: tokens.refreshToken!, token_type_hint: "refresh_token", client_id: tokens.clientId }),
    });
    expect(revoked.status).toBe(200);
    await storeTokens(home, "protected", { ...tokens, expiresAt: Date.now() - 1_000 });

    const error = await whoami().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(McpError);
    outputs.push((error as McpError).message);
    expect((error as McpError).message).toContain("mcpgw oauth authorize protected");
    expect((await stored())!.needsAuthorization).toBe(true);
    const listed = await cli(["oauth", "ls", "--json"]);
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ name: "protected", authorized: false, needsAuthorization: true })]);
    expect(gateway.stderr).toMatch(/could not be refreshed; authorization is needed again/);

    // Authorizing again clears it.
    await authorizeWithCli();
    expect((await stored())!.needsAuthorization).toBeUndefined();
    expect(await whoami()).toBe(TEST_USER);
  }, 120_000);

  it("printed no token anywhere: gateway log and call log, CLI output, client errors", async () => {
    const secrets = [...new Set([...seen.flatMap((t) => [t.accessToken, t.refreshToken ?? ""]), ...resource.tokensSeen])].filter((t) => t.length > 20);
    expect(secrets.length).toBeGreaterThan(4);
    for (const text of [gateway.stdout, gateway.stderr, ...outputs]) for (const secret of secrets) expect(text).not.toContain(secret);
    // The call log is there, and says what happened.
    expect(gateway.stderr).toContain("whoami");
  });
});

describe("a remote server nobody has authorized yet", () => {
  let as: AuthorizationServer;
  let resource: ProtectedMcpServer;

  beforeAll(async () => {
    as = await startAuthorizationServer();
    resource = await startProtectedMcpServer({ issuer: as.issuer });
  });

  afterAll(async () => {
    await resource?.close();
    await as?.close();
  });

  /** A home whose catalog has the server, as Docker's catalog has its remotes: no `tools:`, so nothing is known of them before they answer. */
  const freshHome = async () => {
    const home = await TempHome.create();
    await writeHome(home, { protected: { type: "remote", title: "Protected remote", remote: { url: resource.url } } });
    return home;
  };

  it("is offered as its authorize tool; a client that takes URL elicitation authorizes it from inside, then gets its tools", async () => {
    await using home = await freshHome();
    await using gateway = await startGateway(home, { args: ["--allow-private-remotes"], env: { MCPGW_OAUTH_PORT: "0" } });
    await using cleanup = new Cleanup();
    const { client } = await connectV1(gateway, { elicitation: { url: {} } });
    cleanup.add(client);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(["authorize"]);
    expect(tools[0]!.description).toContain("Protected remote");
    const toolsChanged = new Promise<void>((resolve) => client.setNotificationHandler(ToolListChangedNotificationSchema, () => resolve()));
    client.setRequestHandler(ElicitRequestSchema, async (request) => {
      const url = new URL((request.params as { url: string }).url);
      await new TestBrowser().authorize(url, url.searchParams.get("redirect_uri")!);
      return { action: "accept" };
    });
    expect(textOf(await client.callTool({ name: "authorize", arguments: {} }))).toContain("authorized");
    await within(toolsChanged, "tools/list_changed");
    expect(await listToolNames(client)).toEqual(["whoami"]);
    expect(textOf(await client.callTool({ name: "whoami", arguments: {} }))).toBe(TEST_USER);
  }, 120_000);

  it("behind --public-url, answers the authorize tool with a URL that brings the browser back to the gateway's own /oauth/callback", async () => {
    await using home = await freshHome();
    await using gateway = await startGateway(home, { args: (port) => ["--allow-private-remotes", "--public-url", `http://127.0.0.1:${port}/mcp`] });
    await using cleanup = new Cleanup();
    // No elicitation: the tool's answer carries the URL, for the user to open wherever their browser is.
    const { client } = await connectV1(gateway);
    cleanup.add(client);
    expect(await listToolNames(client)).toEqual(["authorize"]);
    const toolsChanged = new Promise<void>((resolve) => client.setNotificationHandler(ToolListChangedNotificationSchema, () => resolve()));
    const answer = textOf(await client.callTool({ name: "authorize", arguments: {} }));
    expect(answer).toContain("mcpgw oauth authorize protected");
    const url = new URL(/https?:\/\/\S+/.exec(answer)![0]);
    const redirectUri = url.searchParams.get("redirect_uri")!;
    expect(redirectUri).toBe(`${gateway.url}/oauth/callback`);

    // A forged callback is turned away and changes nothing; the browser's real one completes it.
    const forged = await fetch(`${redirectUri}?code=forged&state=not-the-state`);
    expect(forged.status).toBe(400);
    await forged.body?.cancel();
    await new TestBrowser().authorize(url, redirectUri);
    await within(toolsChanged, "tools/list_changed once the gateway has the tokens");
    expect(await listToolNames(client)).toEqual(["whoami"]);
    expect(textOf(await client.callTool({ name: "whoami", arguments: {} }))).toBe(TEST_USER);
  }, 120_000);
});

describe("a client registered beforehand", () => {
  it("authorizes, calls and refreshes as the catalog's client, authenticated with its secret from the chain, registering nothing", async () => {
    const port = await freePort();
    const redirectUri = `http://127.0.0.1:${port}/callback`;
    const clientSecret = "pre-registered-client-secret-0123456789";
    await using as = await startAuthorizationServer({
      accessTokenTtlSeconds: 4,
      clients: [{ client_id: "mcpgw-pre-registered", client_secret: clientSecret, redirect_uris: [redirectUri], token_endpoint_auth_method: "client_secret_basic", grant_types: ["authorization_code", "refresh_token"] }],
    });
    const registrations: unknown[] = [];
    as.provider.on("registration_create.success", (ctx: unknown) => registrations.push(ctx));
    await using resource = await startProtectedMcpServer({ issuer: as.issuer });
    await using home = await TempHome.create();
    await writeHome(home, {
      protected: { type: "remote", remote: { url: resource.url }, oauth: { client: { id: "mcpgw-pre-registered", secret: "protected.oauth_client_secret" } } },
    });
    const outputs: string[] = [];
    const set = await home.run(["secret", "set", "protected.oauth_client_secret"], { stdin: clientSecret });
    expect(set.code, set.stderr).toBe(0);

    const authorize = runAuthorize(home, ["oauth", "authorize", "protected", "--allow-private-remotes"], { MCPGW_OAUTH_PORT: String(port) });
    const url = new URL(await within(authorize.url, "the authorization URL on stdout", 30_000));
    expect(url.searchParams.get("client_id")).toBe("mcpgw-pre-registered");
    await new TestBrowser().authorize(url, redirectUri);
    const result = await within(authorize.done, "oauth authorize to exit", 30_000);
    outputs.push(result.stdout, result.stderr);
    expect(result.code, result.stderr).toBe(0);
    const first = (await storedTokens(home, "protected"))!;
    expect(first.clientId).toBe("mcpgw-pre-registered");

    await using gateway = await startGateway(home, { args: ["--allow-private-remotes"] });
    await using cleanup = new Cleanup();
    const { client } = await connectV1(gateway);
    cleanup.add(client);
    expect(textOf(await client.callTool({ name: "whoami", arguments: {} }))).toBe(TEST_USER);
    // Refreshing needs the client's secret: oidc-provider refuses the refresh without it.
    await eventually(() => Date.now() > first.expiresAt!, "the access token to expire", 30_000, 200);
    expect(textOf(await client.callTool({ name: "whoami", arguments: {} }))).toBe(TEST_USER);
    expect((await storedTokens(home, "protected"))!.accessToken).not.toBe(first.accessToken);
    expect(registrations).toEqual([]);
    for (const text of [gateway.stdout, gateway.stderr, ...outputs]) expect(text).not.toContain(clientSecret);
  }, 120_000);
});
