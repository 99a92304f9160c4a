// The verifier against a real issuer on 127.0.0.1 (metadata and JWKS over node:http), with
// keys made by jose.
import { createHash } from "node:crypto";
import { base64url, generateKeyPair, SignJWT } from "jose";
import { afterEach, describe, expect, it } from "vitest";
import { startTestIssuer } from "../../testing/oauth-issuer.js";
import type { TestIssuer } from "../../testing/oauth-issuer.js";
import { createAccessTokenVerifier } from "./access-token-verifier.js";
import type { AccessTokenVerifierOptions } from "./access-token-verifier.js";

const AUDIENCE = "https://mcp.example.com/mcp";
const issuers: TestIssuer[] = [];

afterEach(async () => {
  await Promise.all(issuers.splice(0).map((issuer) => issuer.close()));
});

async function setup(options: Partial<AccessTokenVerifierOptions> = {}, issuerOptions: Parameters<typeof startTestIssuer>[0] = {}) {
  const issuer = await startTestIssuer(issuerOptions);
  issuers.push(issuer);
  const verifier = createAccessTokenVerifier({ issuer: issuer.issuer, audience: AUDIENCE, ...options });
  return { issuer, verifier };
}

const now = () => Math.floor(Date.now() / 1000);

describe("a valid access token", () => {
  it("gives the principal: sub, scopes from scope, client from client_id", async () => {
    const { issuer, verifier } = await setup();
    const token = await issuer.sign({ sub: "alice", aud: AUDIENCE, scope: "tools:read  tools:call", client_id: "claude" });
    expect(await verifier.check(token)).toEqual({ ok: true, principal: { via: "oauth", subject: "alice", scopes: ["tools:read", "tools:call"], clientId: "claude" } });
  });

  it("reads scopes from an scp array, the client from azp, and accepts aud as an array", async () => {
    const { issuer, verifier } = await setup();
    const token = await issuer.sign({ sub: "bob", aud: ["other", AUDIENCE], scp: ["a", "b"], azp: "cursor" });
    expect(await verifier.check(token)).toEqual({ ok: true, principal: { via: "oauth", subject: "bob", scopes: ["a", "b"], clientId: "cursor" } });
  });

  it("finds the keys through OpenID Connect discovery when there is no RFC 8414 metadata", async () => {
    const { issuer, verifier } = await setup({}, { metadata: "openid" });
    const check = await verifier.check(await issuer.sign({ sub: "carol", aud: AUDIENCE }));
    expect(check).toMatchObject({ ok: true, principal: { subject: "carol", scopes: [] } });
  });

  it("uses jwksUrl without discovery, and fetches the keys once for many tokens", async () => {
    const { issuer, verifier } = await setup({}, { metadata: "none" });
    const direct = createAccessTokenVerifier({ issuer: issuer.issuer, audience: AUDIENCE, jwksUrl: issuer.jwksUrl });
    for (const sub of ["a", "b", "c"]) expect(await direct.check(await issuer.sign({ sub, aud: AUDIENCE }))).toMatchObject({ ok: true });
    expect(issuer.jwksFetches).toBe(1);
    // Without jwksUrl and without metadata the keys cannot be found: unavailable, not invalid.
    expect(await verifier.check(await issuer.sign({ sub: "a", aud: AUDIENCE }))).toMatchObject({ ok: false, problem: "unavailable" });
  });
});

describe("a token that is refused", () => {
  const cases: [string, (issuer: TestIssuer) => Promise<string>, RegExp][] = [
    ["expired", (i) => i.sign({ sub: "a", aud: AUDIENCE, exp: now() - 3600 }), /expired/],
    ["not yet valid", (i) => i.sign({ sub: "a", aud: AUDIENCE, nbf: now() + 3600 }), /not valid yet/],
    ["from another issuer", (i) => i.sign({ sub: "a", aud: AUDIENCE, iss: "https://evil.example" }), /another authorization server/],
    ["for another audience", (i) => i.sign({ sub: "a", aud: "https://other.example.com/mcp" }), /another resource/],
    ["without an audience", (i) => i.sign({ sub: "a" }), /no "aud" claim/],
    ["without a subject", (i) => i.sign({ aud: AUDIENCE }), /no subject/],
    ["without exp", (i) => i.sign({ sub: "a", aud: AUDIENCE, exp: undefined }), /no "exp" claim/],
    ["naming an unknown key", (i) => i.sign({ sub: "a", aud: AUDIENCE }, { kid: "no-such-key" }), /signature/],
    ["signed by another key under the issuer's kid", async (i) => i.sign({ sub: "a", aud: AUDIENCE }, { key: (await generateKeyPair("RS256")).privateKey }), /signature/],
    ["not a JWT", async () => "not.a-jwt", /well-formed/],
  ];
  for (const [what, make, description] of cases) {
    it(`when ${what}`, async () => {
      const { issuer, verifier } = await setup({ clockToleranceSeconds: 5 });
      const token = await make(issuer);
      const check = await verifier.check(token);
      expect(check).toMatchObject({ ok: false, problem: "invalid", description: expect.stringMatching(description) });
      expect(JSON.stringify(check)).not.toContain(token);
    });
  }

  it("with alg none", async () => {
    const { issuer, verifier } = await setup();
    const header = base64url.encode(JSON.stringify({ alg: "none", typ: "JWT" }));
    const payload = base64url.encode(JSON.stringify({ iss: issuer.issuer, sub: "a", aud: AUDIENCE, exp: now() + 600 }));
    expect(await verifier.check(`${header}.${payload}.`)).toMatchObject({ ok: false, problem: "invalid", description: expect.stringMatching(/algorithm/) });
  });

  it("with HS256 forged using the issuer's public key as the secret", async () => {
    const { issuer, verifier } = await setup();
    const jwks = (await (await fetch(issuer.jwksUrl)).json()) as { keys: { kid: string; n: string }[] };
    const publicKey = jwks.keys[0]!;
    const forged = await new SignJWT({ iss: issuer.issuer, sub: "a", aud: AUDIENCE, exp: now() + 600 })
      .setProtectedHeader({ alg: "HS256", kid: publicKey.kid })
      .sign(new TextEncoder().encode(JSON.stringify(publicKey)));
    expect(await verifier.check(forged)).toMatchObject({ ok: false, problem: "invalid", description: expect.stringMatching(/algorithm/) });
    // The same with the raw modulus as secret.
    const forgedRaw = await new SignJWT({ iss: issuer.issuer, sub: "a", aud: AUDIENCE, exp: now() + 600 })
      .setProtectedHeader({ alg: "HS256", kid: publicKey.kid })
      .sign(createHash("sha256").update(publicKey.n).digest());
    expect(await verifier.check(forgedRaw)).toMatchObject({ ok: false, problem: "invalid" });
  });

  it("signed by a key served in the JWKS of another issuer", async () => {
    const { verifier, issuer } = await setup();
    const other = await startTestIssuer();
    issuers.push(other);
    // Claims to be our issuer, signed by the other's key under a kid ours does not have.
    const token = await other.sign({ iss: issuer.issuer, sub: "a", aud: AUDIENCE });
    expect(await verifier.check(token)).toMatchObject({ ok: false, problem: "invalid" });
  });
});

describe("key rotation", () => {
  it("picks up the issuer's new key once a token names it, and drops the old one", async () => {
    const { issuer, verifier } = await setup({ jwksCooldownMs: 0 });
    const before = await issuer.sign({ sub: "a", aud: AUDIENCE });
    expect(await verifier.check(before)).toMatchObject({ ok: true });
    await issuer.rotate();
    const after = await issuer.sign({ sub: "a", aud: AUDIENCE });
    expect(await verifier.check(after)).toMatchObject({ ok: true });
    expect(issuer.jwksFetches).toBe(2);
    // The old key is gone from the issuer's set now, so is it from the verifier's.
    expect(await verifier.check(before)).toMatchObject({ ok: false, problem: "invalid" });
  });
});

describe("keys that cannot be had", () => {
  it("reports unavailable (not invalid) when the JWKS does not answer", async () => {
    const { issuer } = await setup();
    const verifier = createAccessTokenVerifier({ issuer: issuer.issuer, audience: AUDIENCE, jwksUrl: "http://127.0.0.1:9/jwks.json" });
    expect(await verifier.check(await issuer.sign({ sub: "a", aud: AUDIENCE }))).toMatchObject({ ok: false, problem: "unavailable" });
  });

  it("refuses metadata that names another issuer", async () => {
    const { issuer, verifier } = await setup({}, { claimedIssuer: "https://someone-else.example" });
    const check = await verifier.check(await issuer.sign({ sub: "a", aud: AUDIENCE }));
    expect(check).toMatchObject({ ok: false, problem: "unavailable", description: expect.stringMatching(/another issuer/) });
  });
});
