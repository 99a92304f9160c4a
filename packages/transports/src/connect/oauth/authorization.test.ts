// The callback server is real (127.0.0.1), and the browser is played by fetch over real sockets.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { GatewayError } from "@mcpgw/core";
import { within } from "@mcpgw/tooling/testing";
import { describe, expect, it } from "vitest";
import { buildAuthorizationUrl, oauthCallbackPort, selectScope, startCallbackServer } from "./authorization.js";
import type { AuthorizationServerMetadata } from "./discovery.js";

const as: AuthorizationServerMetadata = {
  issuer: "https://auth.example",
  authorization_endpoint: "https://auth.example/authorize?tenant=t1",
  token_endpoint: "https://auth.example/token",
};

describe("buildAuthorizationUrl", () => {
  it("carries code, client, redirect, S256 challenge, state, scope and resource, keeping the endpoint's query", () => {
    const url = buildAuthorizationUrl({
      authorizationServer: as,
      clientId: "client-1",
      redirectUri: "http://127.0.0.1:5000/callback",
      codeChallenge: "abc",
      state: "st",
      scope: ["notes:read", "notes:write"],
      resource: new URL("https://mcp.example/mcp"),
    });
    expect(url.origin + url.pathname).toBe("https://auth.example/authorize");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      tenant: "t1",
      response_type: "code",
      client_id: "client-1",
      redirect_uri: "http://127.0.0.1:5000/callback",
      code_challenge: "abc",
      code_challenge_method: "S256",
      state: "st",
      scope: "notes:read notes:write",
      resource: "https://mcp.example/mcp",
    });
  });

  it("leaves scope out when there is none", () => {
    const url = buildAuthorizationUrl({ authorizationServer: as, clientId: "c", redirectUri: "http://127.0.0.1/cb", codeChallenge: "x", state: "s", resource: new URL("https://mcp.example/") });
    expect(url.searchParams.has("scope")).toBe(false);
  });

  it("leaves resource out when there is none (an OAuth provider's authorization)", () => {
    const url = buildAuthorizationUrl({ authorizationServer: as, clientId: "c", redirectUri: "http://127.0.0.1/cb", codeChallenge: "x", state: "s", scope: ["repo"] });
    expect(url.searchParams.has("resource")).toBe(false);
    expect(url.searchParams.get("scope")).toBe("repo");
  });
});

describe("selectScope", () => {
  it("prefers the challenge's scope, then scopes_supported, then none", () => {
    const prm = { resource: "https://mcp.example/", scopes_supported: ["a", "b"] };
    expect(selectScope({ scope: ["x"] }, prm)).toEqual(["x"]);
    expect(selectScope({}, prm)).toEqual(["a", "b"]);
    expect(selectScope(undefined, { resource: "https://mcp.example/", scopes_supported: [] })).toBeUndefined();
    expect(selectScope(undefined, undefined)).toBeUndefined();
  });
});

describe("oauthCallbackPort", () => {
  it("reads MCPGW_OAUTH_PORT, 5000 by default, 0 for any", () => {
    expect(oauthCallbackPort({})).toBe(5000);
    expect(oauthCallbackPort({ MCPGW_OAUTH_PORT: "0" })).toBe(0);
    expect(oauthCallbackPort({ MCPGW_OAUTH_PORT: "8123" })).toBe(8123);
    expect(() => oauthCallbackPort({ MCPGW_OAUTH_PORT: "http" })).toThrow(GatewayError);
    expect(() => oauthCallbackPort({ MCPGW_OAUTH_PORT: "70000" })).toThrow(/port number/);
  });
});

describe("startCallbackServer", () => {
  it("ignores a callback with another state, returns the code of the right one, answers with a page and closes", async () => {
    await using callback = await startCallbackServer({ port: 0, state: "expected" });
    expect(callback.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    const forged = await fetch(`${callback.redirectUri}?code=evil&state=other`);
    expect(forged.status).toBe(400);
    await forged.text();
    expect((await fetch(new URL("/elsewhere", callback.redirectUri))).status).toBe(404);
    const browser = await fetch(`${callback.redirectUri}?code=the-code&state=expected`);
    expect(browser.status).toBe(200);
    expect(await browser.text()).toContain("Authorization complete");
    expect(await within(callback.code(), "the code")).toBe("the-code");
    const after = await fetch(`${callback.redirectUri}?code=again&state=expected`).then(() => "answered", () => "closed");
    expect(after).toBe("closed");
  });

  it("rejects with the authorization server's error, escaped in the page", async () => {
    await using callback = await startCallbackServer({ port: 0, state: "s" });
    const browser = await fetch(`${callback.redirectUri}?error=access_denied&error_description=${encodeURIComponent("<b>no</b>")}&state=s`);
    expect(browser.status).toBe(400);
    expect(await browser.text()).toContain("&#60;b&#62;no");
    const error = await within(callback.code(), "the rejection").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).message).toContain("access_denied");
  });

  it("stops waiting when the signal aborts or the server is closed", async () => {
    const callback = await startCallbackServer({ port: 0, state: "s" });
    const controller = new AbortController();
    const waiting = callback.code(controller.signal).catch((e: unknown) => e);
    controller.abort();
    expect(((await waiting) as GatewayError).code).toBe("CANCELLED");
    const closed = callback.code().catch((e: unknown) => e);
    await callback.close();
    expect(((await closed) as GatewayError).code).toBe("CANCELLED");
  });

  it("fails with IO, naming the port, when the port is taken", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    try {
      const port = (taken.address() as AddressInfo).port;
      const error = await startCallbackServer({ port, state: "s" }).catch((e: unknown) => e);
      expect((error as GatewayError).code).toBe("IO");
      expect((error as GatewayError).message).toContain(String(port));
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  });
});
