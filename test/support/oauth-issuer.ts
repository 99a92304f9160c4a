// A real OAuth authorization server's public face on 127.0.0.1: RFC 8414 metadata and a JWKS
// over node:http, and RS256 access tokens signed with node:crypto (not jose, so the gateway's
// validation is checked against a second implementation).
import { generateKeyPairSync, sign } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** A running issuer. Dispose it (`await using`) to stop it. */
export interface OAuthIssuer extends AsyncDisposable {
  /** Its issuer identifier, e.g. `http://127.0.0.1:41234`. */
  readonly issuer: string;
  /**
   * An RS256 access token: `iss`, `iat` and `exp` (in an hour) set, plus `claims` (which may
   * override them).
   */
  token(claims: Record<string, unknown>): string;
  close(): Promise<void>;
}

const KID = "e2e-key";
const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString("base64url");

/** Starts an issuer on a free port of 127.0.0.1. */
export async function startOAuthIssuer(): Promise<OAuthIssuer> {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: "jwk" }), kid: KID, alg: "RS256", use: "sig" };
  let issuer = "";
  const server = createServer((request, response) => {
    const json = (body: unknown) => response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (request.url === "/.well-known/oauth-authorization-server") return json({ issuer, jwks_uri: `${issuer}/jwks`, response_types_supported: ["code"] });
    if (request.url === "/jwks") return json({ keys: [jwk] });
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
    token(claims) {
      const now = Math.floor(Date.now() / 1000);
      const signingInput = `${encode({ alg: "RS256", typ: "at+jwt", kid: KID })}.${encode({ iss: issuer, iat: now, exp: now + 3600, ...claims })}`;
      return `${signingInput}.${sign("sha256", Buffer.from(signingInput), privateKey).toString("base64url")}`;
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
