// Test support (not built): a real OAuth authorization server's public face on 127.0.0.1 —
// its metadata and its JWKS over node:http — and the private keys to mint access tokens with.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import type { CryptoKey, JWK, JWTPayload } from "jose";

export interface TestIssuerOptions {
  /** Which discovery document it serves: RFC 8414 (default), OpenID Connect only, or none. */
  metadata?: "oauth" | "openid" | "none";
  /** The `issuer` its metadata claims; default its own URL (a liar's for tests). */
  claimedIssuer?: string;
}

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

/** A running issuer. Dispose it (`await using`) to stop it. */
export interface TestIssuer extends AsyncDisposable {
  /** Its issuer identifier, e.g. `http://127.0.0.1:41234`. */
  readonly issuer: string;
  readonly jwksUrl: string;
  /** How many times its JWKS was fetched. */
  readonly jwksFetches: number;
  /**
   * An RS256 access token with `iss`, `iat` and `exp` (in an hour) set, plus `claims` (which may
   * override them). `kid` names the key in the header (default the current key's).
   */
  sign(claims: JWTPayload, options?: { kid?: string; key?: CryptoKey }): Promise<string>;
  /** Makes a new current key; the JWKS then lists only it. Returns the new kid. */
  rotate(): Promise<string>;
  close(): Promise<void>;
}

let kids = 0;
async function newKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair("RS256");
  const kid = `key-${++kids}`;
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" } };
}

/** Starts an issuer on 127.0.0.1 on a free port. */
export async function startTestIssuer(options: TestIssuerOptions = {}): Promise<TestIssuer> {
  let current = await newKey();
  let jwksFetches = 0;
  let issuer = "";
  const server = createServer((request, response) => {
    const path = request.url ?? "/";
    const json = (body: unknown) => response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
    const metadata = { issuer: options.claimedIssuer ?? issuer, jwks_uri: `${issuer}/jwks.json`, response_types_supported: ["code"] };
    if (path === "/jwks.json") {
      jwksFetches++;
      return json({ keys: [current.publicJwk] });
    }
    if (path === "/.well-known/oauth-authorization-server" && (options.metadata ?? "oauth") === "oauth") return json(metadata);
    if (path === "/.well-known/openid-configuration" && options.metadata === "openid") return json(metadata);
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return {
    issuer,
    jwksUrl: `${issuer}/jwks.json`,
    get jwksFetches() {
      return jwksFetches;
    },
    async sign(claims, signOptions = {}) {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ iss: issuer, iat: now, exp: now + 3600, ...claims })
        .setProtectedHeader({ alg: "RS256", typ: "at+jwt", kid: signOptions.kid ?? current.kid })
        .sign(signOptions.key ?? current.privateKey);
    },
    async rotate() {
      current = await newKey();
      return current.kid;
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
