// Validating OAuth access tokens that are JWTs, against the issuer's published keys (JWKS).
import type { Principal } from "@mcpgw/core";
import type * as JoseModule from "jose";
import type { JWTPayload } from "jose";
import { discoverJwksUrl } from "./issuer-discovery.js";

/**
 * Only asymmetric algorithms: a resource server never holds a shared secret, and accepting an
 * HMAC algorithm would let a forger "sign" with the public key. `none` is never accepted.
 */
export const ACCEPTED_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA", "Ed25519"];

/** Options of {@link createAccessTokenVerifier}. */
export interface AccessTokenVerifierOptions {
  /** Tokens' `iss` must equal it; its metadata names the keys unless `jwksUrl` does. */
  issuer: string;
  /** Tokens' `aud` must be (or contain) it. */
  audience: string;
  jwksUrl?: string;
  /** Leeway for `exp` and `nbf`, for clocks that disagree a little. Default 30 s. */
  clockToleranceSeconds?: number;
  /** Least time between two fetches of the keys when a token names an unknown key. Default 30 s. */
  jwksCooldownMs?: number;
}

/** What checking one token found. */
export type AccessTokenCheck =
  | { readonly ok: true; readonly principal: Principal }
  /** `invalid`: the token is not acceptable (401); `unavailable`: the keys could not be had (503). */
  | { readonly ok: false; readonly problem: "invalid" | "unavailable"; readonly description: string };

/** Checks access tokens; see {@link createAccessTokenVerifier}. */
export interface AccessTokenVerifier {
  check(token: string): Promise<AccessTokenCheck>;
}

type Jose = typeof JoseModule;
let joseModule: Promise<Jose> | undefined;
/** jose loads with the first token checked: gateways that are no resource server never pay for it. */
const loadJose = () => (joseModule ??= import("jose"));

/**
 * A verifier of JWT access tokens: signature by one of the issuer's keys (fetched once, cached,
 * fetched again when a token names a key not seen yet, so rotation is picked up), `iss`, `aud`,
 * `exp` and `nbf`. Descriptions are fixed sentences: a token is never echoed.
 */
export function createAccessTokenVerifier(options: AccessTokenVerifierOptions): AccessTokenVerifier {
  let keys: Promise<ReturnType<Jose["createRemoteJWKSet"]>> | undefined;
  const keySet = () =>
    (keys ??= (async () => {
      const url = options.jwksUrl !== undefined ? new URL(options.jwksUrl) : await discoverJwksUrl(options.issuer);
      return (await loadJose()).createRemoteJWKSet(url, { cooldownDuration: options.jwksCooldownMs ?? 30_000 });
    })().catch((error: unknown) => {
      // A failed discovery is tried again with the next token, not remembered.
      keys = undefined;
      throw error;
    }));

  return {
    async check(token) {
      let payload: JWTPayload;
      const jose = await loadJose();
      try {
        const { payload: verified } = await jose.jwtVerify(token, await keySet(), {
          issuer: options.issuer,
          audience: options.audience,
          algorithms: ACCEPTED_ALGORITHMS,
          clockTolerance: options.clockToleranceSeconds ?? 30,
          requiredClaims: ["exp"],
        });
        payload = verified;
      } catch (error) {
        return describe(jose.errors, error);
      }
      if (typeof payload.sub !== "string" || payload.sub === "") return invalid("the access token names no subject (sub)");
      const clientId = stringClaim(payload.client_id) ?? stringClaim(payload.azp);
      return { ok: true, principal: { via: "oauth", subject: payload.sub, scopes: scopesOf(payload), ...(clientId ? { clientId } : {}) } };
    },
  };
}

/** Scopes from `scope` (space-separated, RFC 9068) or `scp` (an array, or a string, as some issuers send). */
function scopesOf(payload: JWTPayload): string[] {
  const source = typeof payload.scope === "string" ? payload.scope : payload.scp;
  if (typeof source === "string") return source.split(" ").filter((scope) => scope !== "");
  if (Array.isArray(source)) return source.filter((scope): scope is string => typeof scope === "string" && scope !== "");
  return [];
}

const stringClaim = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

const invalid = (description: string): AccessTokenCheck => ({ ok: false, problem: "invalid", description });

/** Turns what jose (or fetching the keys) threw into a fixed description. */
function describe(errors: Jose["errors"], error: unknown): AccessTokenCheck {
  if (error instanceof errors.JWTExpired) return invalid("the access token has expired");
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === "missing") return invalid(`the access token has no "${error.claim}" claim`);
    if (error.claim === "nbf") return invalid("the access token is not valid yet");
    if (error.claim === "iss") return invalid("the access token was issued by another authorization server");
    if (error.claim === "aud") return invalid("the access token is meant for another resource");
    return invalid(`the access token's "${error.claim}" claim is not valid`);
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) return invalid("the access token is signed with an algorithm that is not accepted");
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWSSignatureVerificationFailed) {
    return invalid("the access token's signature does not match any of the issuer's keys");
  }
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return invalid("the access token is not a well-formed JWT");
  const reason = error instanceof Error ? error.message : String(error);
  return { ok: false, problem: "unavailable", description: `the authorization server's keys could not be fetched: ${reason}` };
}
