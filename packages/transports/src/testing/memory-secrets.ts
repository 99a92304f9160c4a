// Test support (not built): the OAuth store's secret store in memory, its entries in sight.
import type { OAuthSecretStore } from "../connect/oauth/oauth-store.js";

/** A secret store in a Map, for the OAuth store's tests. */
export function memorySecrets(): OAuthSecretStore & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  return {
    entries,
    get: async (key) => entries.get(key),
    set: async (key, value) => void entries.set(key, value),
    remove: async (keys) => keys.filter((key) => entries.delete(key)),
  };
}
