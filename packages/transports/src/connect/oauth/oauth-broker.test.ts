// One real HTTP peer on 127.0.0.1 (node:http) plays the remote MCP server (its 401 challenge and
// resource metadata) and its authorization server; the browser is played by fetch following the
// authorization URL's redirect to the broker's loopback callback. Tokens live in an OAuth store
// over a Map.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { GatewayError } from "@mcpgw/core";
import { freePort, within } from "@mcpgw/tooling/testing";
import { describe, expect, it } from "vitest";
import type { AuthorizationPeer } from "../../testing/authorization-peer.js";
import { startAuthorizationPeer } from "../../testing/authorization-peer.js";
import { memoryOAuthStore } from "../../testing/memory-oauth-store.js";
import { recordingLogger } from "../../testing/recording-logger.js";
import { rejection } from "../../testing/rejection.js";
import { createOAuthBroker } from "./oauth-broker.js";
import type { OAuthBrokerOptions, OAuthTarget } from "./oauth-broker.js";
import { bearerChallenge } from "./www-authenticate.js";

interface Started {
  server: string;
  url: string;
  elicitationId: string;
  command: string;
  scopes?: string[];
}

/** A broker on a fresh peer and store; disposing it closes both. */
async function setup(over: Partial<OAuthBrokerOptions> = {}, target: Partial<OAuthTarget> = {}) {
  const as = await startAuthorizationPeer({ scopesSupported: ["notes"] });
  const store = memoryOAuthStore();
  const logger = recordingLogger();
  const broker = createOAuthBroker({ store, logger, callbackPort: 0, allowPrivateNetworks: true, ...over });
  const errors: GatewayError[] = [];
  /** The error of a 401 for server "notes", kept to look for secrets in. */
  const required = async () => {
    const error = await broker.forServer({ name: "notes", url: as.resource, ...target }).required(challengeOf(as));
    errors.push(error);
    return error;
  };
  return {
    as,
    store,
    logger,
    broker,
    errors,
    required,
    /** Everything the broker said: error messages, data and suggestions, and log lines. */
    said: () => JSON.stringify([...errors.map((e) => [e.message, e.data, e.suggestion]), logger.lines]),
    async [Symbol.asyncDispose]() {
      await broker.close();
      await as[Symbol.asyncDispose]();
    },
  };
}

const challengeOf = (as: AuthorizationPeer) => bearerChallenge(`Bearer resource_metadata="${as.issuer}/.well-known/oauth-protected-resource/mcp"`);
const startedOf = (error: GatewayError) => error.data as Started;
const redirectUriOf = (error: GatewayError) => new URL(startedOf(error).url).searchParams.get("redirect_uri")!;

/** Resolves once nothing listens at `url` any more. */
async function stopsListening(url: string): Promise<void> {
  const refused = () => fetch(url).then(() => false, () => true);
  await within((async () => { while (!(await refused())) await new Promise((resolve) => setImmediate(resolve)); })(), `${url} to stop listening`);
}

describe("the OAuth broker", () => {
  it("answers a 401 with AUTHORIZATION_REQUIRED carrying the URL to open, the elicitation id and the command", async () => {
    await using t = await setup();
    const error = await t.required();
    expect(error.code).toBe("AUTHORIZATION_REQUIRED");
    expect(error.message).toContain("remote server \"notes\" needs authorization: run `mcpgw oauth authorize notes`");
    expect(error.suggestion).toBe("mcpgw oauth authorize notes");
    const started = startedOf(error);
    expect(started).toEqual({ server: "notes", url: expect.any(String), elicitationId: expect.any(String), command: "mcpgw oauth authorize notes" });
    const url = new URL(started.url);
    expect(url.origin + url.pathname).toBe(`${t.as.issuer}/authorize`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ response_type: "code", client_id: "client-1", code_challenge_method: "S256", scope: "notes", resource: t.as.resource });
    expect(redirectUriOf(error)).toMatch(/^http:\/\/127\.0\.0\.1:[1-9]\d*\/callback$/);
  });

  it("probes the server for its challenge when the 401 brought none", async () => {
    await using t = await setup();
    expect((await t.broker.forServer({ name: "notes", url: t.as.resource }).required(undefined)).code).toBe("AUTHORIZATION_REQUIRED");
    expect(t.as.peer.requestsTo("/mcp")).toHaveLength(1);
  });

  it("reuses the authorization pending for a server", async () => {
    await using t = await setup();
    const first = startedOf(await t.required());
    const second = startedOf(await t.required());
    expect(second).toEqual(first);
    expect(t.as.peer.requestsTo("/register")).toHaveLength(1);
  });

  it("starts one authorization for 401s that arrive together", async () => {
    await using t = await setup();
    const [first, second] = await Promise.all([t.required(), t.required()]);
    expect(startedOf(second)).toEqual(startedOf(first));
    expect(t.as.peer.requestsTo("/register")).toHaveLength(1);
  });

  it("stores the tokens when the browser comes back to the loopback callback, and completion() resolves", async () => {
    await using t = await setup();
    const error = await t.required();
    const { url, elicitationId } = startedOf(error);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Authorization complete");
    await within(t.broker.completion(elicitationId), "the authorization to complete");
    const stored = await t.store.tokens("notes");
    expect(stored).toMatchObject({ issuer: t.as.issuer, clientId: "client-1", resource: t.as.resource, scope: ["notes"] });
    expect(await t.broker.forServer({ name: "notes", url: t.as.resource }).token()).toBe(stored?.accessToken);
    expect(t.logger.lines.some((line) => line.includes("authorized a remote server"))).toBe(true);
    expect(t.as.secrets.length).toBeGreaterThan(0);
    for (const secret of [...t.as.secrets, redirectUriOf(error)]) expect(t.said()).not.toContain(secret);
  });

  it("sends the browser to the redirectUri given, and completes from the query handed to callback()", async () => {
    await using t = await setup({ redirectUri: "https://gateway.example/oauth/callback" });
    const { url, elicitationId } = startedOf(await t.required());
    expect(new URL(url).searchParams.get("redirect_uri")).toBe("https://gateway.example/oauth/callback");
    const back = new URL((await fetch(url, { redirect: "manual" })).headers.get("location")!);
    expect(back.origin + back.pathname).toBe("https://gateway.example/oauth/callback");
    expect(t.broker.callback(back.searchParams).status).toBe(200);
    await within(t.broker.completion(elicitationId), "the authorization to complete");
    expect(await t.store.tokens("notes")).toBeDefined();
  });

  it("changes nothing for a callback with a forged state", async () => {
    await using t = await setup();
    const error = await t.required();
    const forged = new URLSearchParams({ code: "code-forged", state: "state-forged" });
    expect((await fetch(`${redirectUriOf(error)}?${forged}`)).status).toBe(400);
    expect(t.broker.callback(forged).status).toBe(400);
    expect(t.as.peer.requestsTo("/token")).toEqual([]);
    expect(await t.store.tokens("notes")).toBeUndefined();
    // The real return still completes it.
    await fetch(startedOf(error).url);
    await within(t.broker.completion(startedOf(error).elicitationId), "the authorization to complete");
  });

  it("rejects completion() of an unknown authorization, and of one that expired", async () => {
    await using t = await setup({ pendingTtlMs: 1 });
    expect((await rejection(t.broker.completion("no-such-id"))).code).toBe("NOT_FOUND");
    const expired = startedOf(await t.required());
    const error = await rejection(t.broker.completion(expired.elicitationId));
    expect(error.code).toBe("TIMEOUT");
    expect(error.message).toContain('remote server "notes"');
    // Its callback comes too late: nothing is waiting for its state any more.
    const late = new URLSearchParams({ code: "code-late", state: new URL(expired.url).searchParams.get("state")! });
    expect(t.broker.callback(late).status).toBe(400);
  });

  it("stops waiting for completion() when its signal aborts", async () => {
    await using t = await setup();
    const { elicitationId } = startedOf(await t.required());
    const abort = new AbortController();
    const waiting = t.broker.completion(elicitationId, abort.signal);
    abort.abort();
    expect((await rejection(waiting)).code).toBe("CANCELLED");
  });

  it("asks a step-up for the granted, configured and challenged scopes, and gives up with REFUSED after two in a row", async () => {
    await using t = await setup({}, { scopes: ["profile"] });
    await t.store.saveTokens("notes", { ...t.as.issue(), tokenType: "Bearer", scope: ["notes:read"], issuer: t.as.issuer, clientId: "client-1", resource: t.as.resource });
    const authorization = t.broker.forServer({ name: "notes", url: t.as.resource, scopes: ["profile"] });
    const challenge = { error: "insufficient_scope", scope: ["notes:write"] };
    const first = await authorization.stepUp(challenge);
    expect(first.code).toBe("AUTHORIZATION_REQUIRED");
    expect(first.message).toContain("needs a wider authorization (scopes notes:read profile notes:write)");
    expect(startedOf(first).scopes).toEqual(["notes:read", "profile", "notes:write"]);
    expect(new URL(startedOf(first).url).searchParams.get("scope")).toBe("notes:read profile notes:write");
    expect(startedOf(await authorization.stepUp(challenge))).toEqual(startedOf(first));
    const refused = await authorization.stepUp(challenge);
    expect(refused.code).toBe("REFUSED");
    expect(refused.data).toEqual({ server: "notes", scopes: ["notes:write"] });
    // An accepted request starts the count again.
    authorization.accepted();
    expect((await authorization.stepUp(challenge)).code).toBe("AUTHORIZATION_REQUIRED");
  });

  it("replaces a pending authorization by one for other scopes, cancelling the first", async () => {
    await using t = await setup();
    const first = startedOf(await t.required());
    const waiting = t.broker.completion(first.elicitationId);
    const wider = await t.broker.forServer({ name: "notes", url: t.as.resource }).stepUp({ error: "insufficient_scope", scope: ["notes:write"] });
    expect(startedOf(wider).elicitationId).not.toBe(first.elicitationId);
    expect((await rejection(waiting)).code).toBe("CANCELLED");
    expect((await rejection(t.broker.completion(first.elicitationId))).code).toBe("NOT_FOUND");
  });

  it("gives the command without a URL when an authorization cannot be started, and closes the listener opened for it", async () => {
    const port = await freePort();
    await using t = await setup({ callbackPort: port });
    t.as.peer.route("GET /.well-known/oauth-authorization-server", { status: 404, json: {} });
    const error = await t.required();
    expect(error.code).toBe("AUTHORIZATION_REQUIRED");
    expect(error.data).toEqual({ server: "notes", command: "mcpgw oauth authorize notes" });
    expect(error.message).toContain("an authorization could not be started here");
    await stopsListening(`http://127.0.0.1:${port}/callback`);
  });

  it("closes the loopback listener once nothing waits, and opens one again for the next authorization", async () => {
    await using t = await setup();
    const first = await t.required();
    await fetch(startedOf(first).url);
    await within(t.broker.completion(startedOf(first).elicitationId), "the authorization to complete");
    await stopsListening(redirectUriOf(first));
    await t.store.forgetTokens("notes");
    const second = await t.required();
    expect((await fetch(startedOf(second).url)).status).toBe(200);
    await within(t.broker.completion(startedOf(second).elicitationId), "the second authorization to complete");
  });

  it("refreshes once for all the connections of a server", async () => {
    await using t = await setup();
    const expiring = { expiresAt: Date.now() + 30_000, issuedAt: Date.now() - 3_600_000 };
    await t.store.saveTokens("notes", { ...t.as.issue(), tokenType: "Bearer", ...expiring, issuer: t.as.issuer, clientId: "client-1", resource: t.as.resource });
    const connections = [1, 2, 3].map(() => t.broker.forServer({ name: "notes", url: t.as.resource }));
    const tokens = await Promise.all(connections.map((c) => c.token()));
    expect(tokens[0]).toBe((await t.store.tokens("notes"))?.accessToken);
    expect(new Set(tokens).size).toBe(1);
    expect(t.as.peer.requestsTo("/token")).toHaveLength(1);
    expect(t.said()).not.toContain("authorization is needed again");
  });

  it("cancels pending authorizations and stops listening on close()", async () => {
    await using t = await setup();
    const error = await t.required();
    const waiting = t.broker.completion(startedOf(error).elicitationId);
    await t.broker.close();
    expect((await rejection(waiting)).code).toBe("CANCELLED");
    await expect(fetch(redirectUriOf(error))).rejects.toThrow();
  });

  it("listens on any free port when the callback port is taken", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      await using t = await setup({ callbackPort: port });
      const redirect = new URL(redirectUriOf(await t.required()));
      expect(redirect.port).not.toBe(String(port));
      expect(t.logger.lines.some((line) => line.includes("the OAuth callback port is taken"))).toBe(true);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});
