// The client and the broker's waits are scripted here: what is under test is the order of
// attempts, questions and notifications, and which error comes out.
import { ErrorCode, GatewayError, UpstreamError } from "@mcpgw/core";
import { describe, expect, it } from "vitest";
import type { AuthorizationWaits, AuthorizingClient } from "./authorization-retry.js";
import { authorizationNeeded, withAuthorization } from "./authorization-retry.js";

const NEEDED = { server: "notes", url: "https://as.example/authorize?state=s", elicitationId: "e-1", command: "mcpgw oauth authorize notes" };
const authorizationRequired = () => new GatewayError(ErrorCode.AUTHORIZATION_REQUIRED, "remote server \"notes\" needs authorization", { data: NEEDED });

/** A client that answers every elicitation with `action`, and what it was asked and told. */
function client(action: string, acceptsUrlElicitation = true) {
  const asked: { method: string; params: unknown }[] = [];
  const told: unknown[] = [];
  const c: AuthorizingClient = {
    acceptsUrlElicitation,
    signal: new AbortController().signal,
    ask: async (method, params) => (asked.push({ method, params }), { action }),
    notify: async (notification) => void told.push(notification),
  };
  return { client: c, asked, told };
}

/** Waits that complete (or fail with `failure`), recording the ids waited for. */
function waits(failure?: Error): AuthorizationWaits & { ids: string[] } {
  const ids: string[] = [];
  return { ids, completion: async (id) => (ids.push(id), failure ? Promise.reject(failure) : undefined) };
}

/** An attempt that fails with each of `failures` in turn, then succeeds. */
function attempts(...failures: Error[]) {
  let count = 0;
  const attempt = async () => {
    const failure = failures[count++];
    if (failure) throw failure;
    return "result";
  };
  return { attempt, count: () => count };
}

describe("withAuthorization", () => {
  it("asks the client to open the URL, waits for the authorization, tells the client it completed, and tries again", async () => {
    const { client: c, asked, told } = client("accept");
    const w = waits();
    const { attempt, count } = attempts(authorizationRequired());
    expect(await withAuthorization(attempt, c, w)).toBe("result");
    expect(count()).toBe(2);
    expect(asked).toEqual([{ method: "elicitation/create", params: { mode: "url", elicitationId: "e-1", url: NEEDED.url, message: expect.stringContaining('"notes"') } }]);
    expect(w.ids).toEqual(["e-1"]);
    expect(told).toEqual([{ method: "notifications/elicitation/complete", params: { elicitationId: "e-1" } }]);
  });

  it("throws the original error when the client declines or cancels", async () => {
    for (const action of ["decline", "cancel"]) {
      const { client: c, told } = client(action);
      const w = waits();
      const error = authorizationRequired();
      const { attempt, count } = attempts(error);
      await expect(withAuthorization(attempt, c, w)).rejects.toBe(error);
      expect(count()).toBe(1);
      expect(w.ids).toEqual([]);
      expect(told).toEqual([]);
    }
  });

  it("throws the original error, asking nothing, to a client without URL elicitation or without waits", async () => {
    for (const [acceptsUrl, w] of [[false, waits()], [true, undefined]] as const) {
      const { client: c, asked } = client("accept", acceptsUrl);
      const error = authorizationRequired();
      await expect(withAuthorization(attempts(error).attempt, c, w)).rejects.toBe(error);
      expect(asked).toEqual([]);
    }
  });

  it("throws any other error as it came, asking nothing", async () => {
    const { client: c, asked } = client("accept");
    const error = new GatewayError(ErrorCode.TIMEOUT, "slow");
    await expect(withAuthorization(attempts(error).attempt, c, waits())).rejects.toBe(error);
    expect(asked).toEqual([]);
  });

  it("gives up with the last error after three attempts", async () => {
    const { client: c, asked } = client("accept");
    const last = authorizationRequired();
    const { attempt, count } = attempts(authorizationRequired(), authorizationRequired(), last, authorizationRequired());
    await expect(withAuthorization(attempt, c, waits())).rejects.toBe(last);
    expect(count()).toBe(3);
    expect(asked).toHaveLength(2);
  });

  it("fails with AUTHORIZATION_REQUIRED naming the command when the authorization does not complete", async () => {
    const { client: c, told } = client("accept");
    const { attempt, count } = attempts(authorizationRequired());
    const error = await withAuthorization(attempt, c, waits(new GatewayError(ErrorCode.TIMEOUT, "not completed within 10 min"))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ code: "AUTHORIZATION_REQUIRED", data: { server: "notes", command: "mcpgw oauth authorize notes" }, suggestion: "mcpgw oauth authorize notes" });
    expect((error as GatewayError).message).toContain("did not complete: not completed within 10 min");
    expect(count()).toBe(1);
    expect(told).toEqual([]);
  });
});

describe("authorizationNeeded", () => {
  const needed = { server: "notes", url: NEEDED.url, elicitationId: "e-1" };

  it("reads the gateway's own AUTHORIZATION_REQUIRED error", () => {
    expect(authorizationNeeded(authorizationRequired())).toEqual(needed);
    expect(authorizationNeeded(new GatewayError(ErrorCode.REFUSED, "no", { data: NEEDED }))).toBeUndefined();
  });

  it("reads an upstream's relayed error whose data.code is AUTHORIZATION_REQUIRED", () => {
    expect(authorizationNeeded(new UpstreamError({ code: -32001, message: "needs authorization", data: { ...NEEDED, code: "AUTHORIZATION_REQUIRED" } }))).toEqual(needed);
    expect(authorizationNeeded(new UpstreamError({ code: -32001, message: "other", data: NEEDED }))).toBeUndefined();
  });

  it("needs the server, the URL and the elicitation id", () => {
    const { url: _url, ...withoutUrl } = NEEDED;
    expect(authorizationNeeded(new GatewayError(ErrorCode.AUTHORIZATION_REQUIRED, "run the command", { data: withoutUrl }))).toBeUndefined();
    expect(authorizationNeeded(new GatewayError(ErrorCode.AUTHORIZATION_REQUIRED, "no data"))).toBeUndefined();
    expect(authorizationNeeded(new Error("plain"))).toBeUndefined();
    expect(authorizationNeeded(undefined)).toBeUndefined();
  });
});
