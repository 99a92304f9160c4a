// Docker's `oauth.providers` form on a container server, end to end: a real oidc-provider with
// short-lived access tokens, `mcpgw oauth authorize SERVER --issuer …` completed by the test's
// browser, then a real `gateway run` whose container (the faulty server in the `node` test image)
// reports the SHA-256 of the variable the catalog names. It matches the stored access token;
// once that has expired, a restart of the server gets the refreshed one; once revoked, the server
// is not started and the error names the command. No token is printed anywhere.
import { createHash } from "node:crypto";
import { ensureTestImage } from "@mcpgw/test-images";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { faultyContainer } from "../fault/support/faulty-servers.js";
import type { AuthorizationServer } from "../support/authorization-server.js";
import { startAuthorizationServer } from "../support/authorization-server.js";
import { TestBrowser } from "../support/browser.js";
import { TempHome } from "../support/cli.js";
import { Cleanup, connectV1, textOf } from "../support/clients.js";
import { startGateway } from "../support/gateway.js";
import { homeFilesExceptSecrets, OAuthCli, storedTokens } from "../support/oauth-cli.js";
import type { StoredTokensRecord } from "../support/oauth-cli.js";
import { writeHome } from "../support/servers.js";
import { eventually, within } from "../support/wait.js";

/** Short enough to wait out, long enough for the first call after the gateway starts. */
const ACCESS_TOKEN_TTL_S = 5;
const TOKEN_ENV = "GITHUB_PERSONAL_ACCESS_TOKEN";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

describe("oauth.providers: a container server started with its provider's token", () => {
  let as: AuthorizationServer;
  let home: TempHome;
  /** The CLI; its outputs, and those of the gateway and the client, are searched for the tokens at the end. */
  let cli: OAuthCli;
  /** Every token the store held during the test. */
  const tokens = new Set<string>();

  beforeAll(async () => {
    const image = await ensureTestImage("node");
    as = await startAuthorizationServer({ accessTokenTtlSeconds: ACCESS_TOKEN_TTL_S });
    home = await TempHome.create();
    cli = new OAuthCli(home);
    await writeHome(home, {
      github: faultyContainer(image, {
        over: {
          secrets: [{ name: "github.personal_access_token", env: TOKEN_ENV }],
          // Docker's catalog form; the issuer comes from --issuer. No `resource` names these tokens,
          // so the authorization server grants them for its own endpoints: `openid`.
          oauth: { providers: [{ provider: "github", secret: "github.personal_access_token", env: TOKEN_ENV }], scopes: ["openid"] },
        },
      }),
    });
  }, 300_000);

  afterAll(async () => {
    await as?.close();
    await home?.[Symbol.asyncDispose]();
  });

  const stored = async (): Promise<StoredTokensRecord> => {
    const current = await storedTokens(home, "github");
    if (!current) throw new Error("no tokens stored as oauth/github");
    tokens.add(current.accessToken);
    if (current.refreshToken) tokens.add(current.refreshToken);
    return current;
  };

  it("authorizes the provider, starts the container with its token, refreshes it on restart, and refuses to start once revoked", async () => {
    expect(await cli.listing()).toEqual([{ name: "github", provider: "github", authorized: false, scopes: [], expiresAt: null, refreshable: false, needsAuthorization: false }]);

    // A provider has no URL to discover from: without an issuer the command says what to give.
    const noIssuer = await cli.run(["oauth", "authorize", "github"]);
    expect(noIssuer.code).not.toBe(0);
    expect(noIssuer.stderr).toContain("--issuer");

    const authorize = cli.authorize(["oauth", "authorize", "github", "--issuer", as.issuer, "--allow-private-remotes"]);
    const url = new URL(await within(authorize.url, "the authorization URL on stdout", 30_000));
    expect(url.origin).toBe(as.issuer);
    expect(url.searchParams.get("scope")).toBe("openid");
    expect(url.searchParams.has("resource")).toBe(false);
    await new TestBrowser().authorize(url, url.searchParams.get("redirect_uri")!);
    const authorized = await within(authorize.done, "oauth authorize to exit", 30_000);
    expect(authorized.code, authorized.stderr).toBe(0);
    expect(authorized.stdout).toMatch(/Authorized github \(provider github; scopes openid, expires \d{4}-/);

    const first = await stored();
    expect(first).toMatchObject({ issuer: as.issuer, scope: ["openid"] });
    expect(first.refreshToken).toBeTruthy();
    expect(first.resource).toBeUndefined();
    expect((await cli.listing())[0]).toMatchObject({ name: "github", provider: "github", authorized: true, scopes: ["openid"], refreshable: true });

    // The secret the provider stands in for is not set: the server is served all the same.
    await using gateway = await startGateway(home, { args: ["--allow-private-remotes"] });
    await using cleanup = new Cleanup();
    const { client } = await connectV1(gateway);
    cleanup.add(client);
    const digest = async () => textOf(await client.callTool({ name: "env-digest", arguments: { name: TOKEN_ENV } }));

    // The container got the stored token (refreshed first, had it been about to expire).
    const started = await digest();
    const atStart = await stored();
    expect(started).toBe(sha256(atStart.accessToken));

    // Once that token has expired, the next start of the server gets a fresh one.
    await eventually(() => Date.now() >= (atStart.expiresAt ?? 0), "the access token to expire", (ACCESS_TOKEN_TTL_S + 5) * 1000, 200);
    const crashed = await client.callTool({ name: "crash", arguments: {} }).then(
      () => "answered",
      (error: Error) => error.message,
    );
    cli.outputs.push(crashed);
    expect(crashed).toMatch(/server "github" exited/);
    const restarted = await digest();
    const refreshed = await stored();
    expect(refreshed.accessToken).not.toBe(atStart.accessToken);
    expect(restarted).toBe(sha256(refreshed.accessToken));
    expect(gateway.stderr).toContain("refreshed OAuth tokens");

    // Revoked: a restart has no token and no secret for the variable, so the server is not started.
    const revoke = await cli.run(["oauth", "revoke", "github", "--allow-private-remotes"]);
    expect(revoke.code, revoke.stderr).toBe(0);
    expect(revoke.stdout).toContain("Revoked and forgot the tokens of github (provider github)");
    expect(await storedTokens(home, "github")).toBeUndefined();
    cli.outputs.push(await client.callTool({ name: "crash", arguments: {} }).then(JSON.stringify, (error: Error) => error.message));
    const refused = await client.callTool({ name: "env-digest", arguments: { name: TOKEN_ENV } }).then(
      (result) => ({ message: `answered ${JSON.stringify(result)}`, data: undefined }),
      (error: Error & { data?: unknown }) => ({ message: error.message, data: error.data }),
    );
    cli.outputs.push(refused.message, JSON.stringify(refused.data ?? null));
    expect(refused.message).toContain("needs the OAuth authorization of provider \"github\"");
    expect(refused.message).toContain("mcpgw oauth authorize github");
    expect(refused.data).toMatchObject({ code: "AUTHORIZATION_REQUIRED" });

    const exit = await gateway.stop();
    cli.outputs.push(gateway.stdout, gateway.stderr);
    expect(exit.leftoverContainers).toEqual([]);

    // Nowhere: no output of the CLI, the gateway or the client, no non-secret file of the home.
    expect(tokens.size).toBeGreaterThanOrEqual(4);
    for (const text of [...cli.outputs, ...(await homeFilesExceptSecrets(home.root))]) for (const token of tokens) expect(text).not.toContain(token);
  }, 180_000);
});
