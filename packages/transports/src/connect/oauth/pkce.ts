// PKCE (RFC 7636) with S256, the only method OAuth 2.1 and the MCP spec allow, and the `state`
// that ties a callback to the request that caused it.
import { createHash, randomBytes } from "node:crypto";

/** A PKCE pair: the verifier stays with us, the challenge goes in the authorization URL. */
export interface Pkce {
  verifier: string;
  challenge: string;
  method: "S256";
}

/** A new PKCE pair: a 43-character verifier from 32 random bytes, its SHA-256 as the challenge. */
export function createPkce(): Pkce {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: pkceChallenge(verifier), method: "S256" };
}

/**
 * The S256 challenge of a verifier: base64url(SHA-256(verifier)), unpadded.
 * @example pkceChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk") // "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
 */
export function pkceChallenge(verifier: string): string {
  return createHash("sha256").update(verifier, "ascii").digest("base64url");
}

/** An unguessable `state` value. */
export function createState(): string {
  return randomBytes(16).toString("base64url");
}
