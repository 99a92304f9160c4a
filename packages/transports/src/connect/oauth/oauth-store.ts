// Where OAuth state lives: in a secret store, because tokens and client secrets are secrets.
// Transports keeps the record shapes (the naming is core's); the store is any key-value secret store
// with the local store's three methods (`createLocalSecretStore` of @mcpgw/secrets fits as is),
// so transports needs no dependency on the secrets package and the gateway and the CLI share
// one layout:
//   oauth/<server>           the server's tokens, JSON {@link StoredTokens} (or a provider's:
//                            `oauth/<provider>` for Docker's `oauth.providers` form)
//   oauth/clients/<digest>   a dynamic registration per authorization server, JSON {issuer, client}
// Server names never hold a "/", so the two families cannot collide.
import { createHash } from "node:crypto";
import { OAUTH_SECRET_PREFIX, oauthTokensSecretName } from "@mcpgw/core";
import type { ClientIdentity, RegistrationStore } from "./client-registration.js";
import type { TokenSet } from "./tokens.js";

// The naming is core's, so the config plane can ask the secret chain for a provider's tokens.
export { isOAuthSecretName, OAUTH_SECRET_PREFIX, oauthTokensSecretName } from "@mcpgw/core";

/** The secret store OAuth state is kept in (the local store, mode 0600). */
export interface OAuthSecretStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  remove(keys: readonly string[]): Promise<string[]>;
}

/** One server's tokens as stored: the token set plus who issued them, to whom, for what. */
export interface StoredTokens extends TokenSet {
  /** The authorization server's issuer. */
  issuer: string;
  clientId: string;
  /** The resource indicator the tokens were issued for; absent for a provider's tokens, which name none. */
  resource?: string;
  /**
   * Set when a refresh failed: the tokens are no longer used, and the server needs
   * `mcpgw oauth authorize` again (or an authorization from inside a client).
   */
  needsAuthorization?: boolean;
}

/** OAuth state over a secret store. */
export interface OAuthStore {
  /** The tokens of `server`, or `undefined` when it has none (or the entry is unreadable). */
  tokens(server: string): Promise<StoredTokens | undefined>;
  saveTokens(server: string, tokens: StoredTokens): Promise<void>;
  /** Forgets the tokens of `server`; returns whether there were any. */
  forgetTokens(server: string): Promise<boolean>;
  /** Dynamic registrations, per authorization server. */
  readonly registrations: RegistrationStore;
}

/** The OAuth state kept in `secrets`. */
export function createOAuthStore(secrets: OAuthSecretStore): OAuthStore {
  const registrationName = (issuer: string) => `${OAUTH_SECRET_PREFIX}clients/${createHash("sha256").update(issuer).digest("hex").slice(0, 32)}`;
  return {
    async tokens(server) {
      const parsed = parseJson(await secrets.get(oauthTokensSecretName(server)));
      return isStoredTokens(parsed) ? parsed : undefined;
    },
    async saveTokens(server, tokens) {
      await secrets.set(oauthTokensSecretName(server), JSON.stringify(tokens));
    },
    async forgetTokens(server) {
      return (await secrets.remove([oauthTokensSecretName(server)])).length > 0;
    },
    registrations: {
      async get(issuer) {
        const parsed = parseJson(await secrets.get(registrationName(issuer))) as { issuer?: unknown; client?: ClientIdentity } | undefined;
        return parsed?.issuer === issuer && typeof parsed.client?.clientId === "string" ? parsed.client : undefined;
      },
      async set(issuer, client) {
        await secrets.set(registrationName(issuer), JSON.stringify({ issuer, client }));
      },
      async delete(issuer) {
        await secrets.remove([registrationName(issuer)]);
      },
    },
  };
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isStoredTokens(value: unknown): value is StoredTokens {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.accessToken === "string" && typeof v.issuer === "string" && typeof v.clientId === "string" && (v.resource === undefined || typeof v.resource === "string");
}
