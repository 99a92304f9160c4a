// Test support (not built): an OAuth store over a secret store kept in a Map, as the gateway's
// is over the local secret store.
import { createOAuthStore } from "../connect/oauth/oauth-store.js";
import type { OAuthSecretStore, OAuthStore } from "../connect/oauth/oauth-store.js";

/** A secret store in memory; `entries` is what it holds. */
export function memorySecrets(): OAuthSecretStore & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  return {
    entries,
    get: async (key) => entries.get(key),
    set: async (key, value) => void entries.set(key, value),
    remove: async (keys) => keys.filter((key) => entries.delete(key)),
  };
}

/** An OAuth store in memory. */
export function memoryOAuthStore(): OAuthStore {
  return createOAuthStore(memorySecrets());
}
