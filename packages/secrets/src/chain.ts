import { SecretValue } from "@mcpgw/core";
import type { SecretProvider } from "./provider.js";

/** One secret name and every provider that has it, in chain order (the first one wins). */
export interface SecretListing {
  name: string;
  sources: string[];
}

/** Providers asked in order; the first that has a secret gives its value. */
export interface SecretChain {
  readonly providers: readonly SecretProvider[];
  /** The secret's value from the first provider that has it, or `undefined` when none has. */
  resolve(name: string): Promise<SecretValue | undefined>;
  /** Every secret name any provider has, sorted, with the providers that have it. */
  list(): Promise<SecretListing[]>;
}

/**
 * A chain over `providers`. The value comes back wrapped in a `SecretValue` whose `source`
 * is the provider's name, so messages can say where a value came from without showing it.
 * A provider that fails (a corrupt store, an unreadable file) fails the lookup rather than
 * being skipped: falling through would silently hand a server some other value.
 */
export function createSecretChain(providers: readonly SecretProvider[]): SecretChain {
  const ordered = [...providers];
  return {
    providers: ordered,
    async resolve(name) {
      for (const provider of ordered) {
        const value = await provider.get(name);
        if (value !== undefined && value !== "") return new SecretValue(name, value, provider.name);
      }
      return undefined;
    },
    async list() {
      const names = await Promise.all(ordered.map((provider) => provider.list()));
      const sources = new Map<string, string[]>();
      ordered.forEach((provider, index) => {
        for (const name of new Set(names[index])) {
          const seen = sources.get(name);
          if (seen) seen.push(provider.name);
          else sources.set(name, [provider.name]);
        }
      });
      return [...sources.keys()].sort().map((name) => ({ name, sources: sources.get(name) ?? [] }));
    },
  };
}
