// `mcpgw oauth authorize | ls | revoke` as a user runs them, against a real oidc-provider and a
// real protected MCP server on 127.0.0.1: the authorize command prints the URL, the test's
// browser signs in and consents, the command stores the tokens as a secret; the stored token
// works, revocation ends the grant, and the token is printed nowhere.
import { stat } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuthorizationServer } from "../support/authorization-server.js";
import { startAuthorizationServer, TEST_USER } from "../support/authorization-server.js";
import { TestBrowser } from "../support/browser.js";
import { TempHome } from "../support/cli.js";
import { Cleanup, connectV1, textOf } from "../support/clients.js";
import { homeFilesExceptSecrets, OAuthCli, storedTokens } from "../support/oauth-cli.js";
import type { StoredTokensRecord } from "../support/oauth-cli.js";
import type { ProtectedMcpServer } from "../support/protected-mcp-server.js";
import { startProtectedMcpServer } from "../support/protected-mcp-server.js";
import { writeHome } from "../support/servers.js";
import { within } from "../support/wait.js";

describe("mcpgw oauth", () => {
  let as: AuthorizationServer;
  let resource: ProtectedMcpServer;
  let home: TempHome;
  /** The CLI; every stdout and stderr of it in this file is searched for the tokens at the end. */
  let cli: OAuthCli;

  beforeAll(async () => {
    as = await startAuthorizationServer();
    resource = await startProtectedMcpServer({ issuer: as.issuer });
    home = await TempHome.create();
    cli = new OAuthCli(home);
    await writeHome(home, {
      protected: {
        type: "remote",
        title: "Protected remote",
        remote: { url: resource.url, transport_type: "streamable-http" },
        oauth: { providers: [{ provider: "protected" }] },
        // A catalog that names the OAuth secret must not get it out through `secret export`.
        secrets: [{ name: "oauth/protected", env: "PROTECTED_TOKEN" }],
      },
      local: { type: "remote", title: "Plain remote", remote: { url: `${resource.origin}/other` } },
    });
  });

  afterAll(async () => {
    await resource?.close();
    await as?.close();
    await home?.[Symbol.asyncDispose]();
  });

  const run = (args: string[]) => cli.run(args);
  const listing = () => cli.listing();
  const stored = () => storedTokens(home, "protected");

  const refreshAtTheAs = (tokens: StoredTokensRecord) =>
    fetch(`${as.issuer}/token`, { method: "POST", body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: tokens.refreshToken ?? "", client_id: tokens.clientId, resource: tokens.resource ?? "" }) });

  it("authorizes, lists, works, revokes, and never prints a token", async () => {
    expect(await listing()).toEqual([{ name: "protected", authorized: false, scopes: [], expiresAt: null, refreshable: false, needsAuthorization: false }]);

    // authorize: the URL is read from stdout as it arrives; the browser then completes it.
    const authorize = cli.authorize(["oauth", "authorize", "protected", "--allow-private-remotes"]);
    const url = new URL(await within(authorize.url, "the authorization URL on stdout", 30_000));
    expect(url.origin).toBe(as.issuer);
    expect(url.searchParams.get("resource")).toBe(resource.url);
    const callback = await new TestBrowser().authorize(url, url.searchParams.get("redirect_uri")!);
    expect(callback.searchParams.get("code")).toBeTruthy();
    const result = await within(authorize.done, "oauth authorize to exit", 30_000);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Authorized protected \(scopes mcp:tools, expires \d{4}-/);

    // The tokens are a secret of the local store, mode 0600.
    const tokens = (await stored())!;
    expect(tokens.accessToken).toBeTruthy();
    expect(tokens.refreshToken).toBeTruthy();
    expect((await stat(home.path("secrets.json"))).mode & 0o777).toBe(0o600);

    const [entry] = await listing();
    expect(entry).toMatchObject({ name: "protected", authorized: true, scopes: ["mcp:tools"], refreshable: true });
    expect(Date.parse(entry!.expiresAt!)).toBeGreaterThan(Date.now());

    // The stored token works against the protected server.
    {
      await using cleanup = new Cleanup();
      const { client } = await connectV1({ url: resource.origin, headers: { Authorization: `Bearer ${tokens.accessToken}` } });
      cleanup.add(client);
      expect(textOf(await client.callTool({ name: "whoami", arguments: {} }))).toBe(TEST_USER);
    }

    // `secret ls` names it, `secret export` refuses to print it.
    const secretLs = await run(["secret", "ls"]);
    expect(secretLs.code, secretLs.stderr).toBe(0);
    expect(secretLs.stdout).toContain("oauth/protected");
    const exported = await run(["secret", "export", "protected"]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toBe("");
    expect(exported.stderr).toContain("never exported");

    // revoke: the grant ends at the authorization server, and the tokens are gone here.
    const revoke = await run(["oauth", "revoke", "protected", "--allow-private-remotes"]);
    expect(revoke.code, revoke.stderr).toBe(0);
    expect(revoke.stdout).toContain("Revoked and forgot the tokens of protected");
    const refused = await refreshAtTheAs(tokens);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: string }).error).toBe("invalid_grant");
    expect(await stored()).toBeUndefined();
    expect((await listing())[0]).toMatchObject({ name: "protected", authorized: false });

    // Nowhere: no output of the CLI, no non-secret file of the home.
    const secrets = [tokens.accessToken, tokens.refreshToken!];
    for (const text of [...cli.outputs, ...(await homeFilesExceptSecrets(home.root))]) for (const secret of secrets) expect(text).not.toContain(secret);
  }, 120_000);

  it("refuses unknown servers and servers that are not remote, with exit codes", async () => {
    const unknown = await run(["oauth", "authorize", "nope"]);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('no server "nope" in the catalogs');
    await writeHome(home, {
      protected: { type: "remote", remote: { url: resource.url } },
      container: { type: "server", image: "example/notes:1" },
    });
    const notRemote = await run(["oauth", "revoke", "container"]);
    expect(notRemote.code).not.toBe(0);
    expect(notRemote.code).not.toBe(unknown.code);
    expect(notRemote.stderr).toContain('server "container" is not a remote server');
    const nothing = await run(["oauth", "revoke", "protected"]);
    expect(nothing.code, nothing.stderr).toBe(0);
    expect(nothing.stdout).toContain("nothing to revoke");
  });

  it("refuses a server and its authorization server on private addresses without --allow-private-remotes", async () => {
    const refused = await run(["oauth", "authorize", "protected"]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain("loopback address");
    expect(refused.stdout).not.toContain("http");
  });
});
