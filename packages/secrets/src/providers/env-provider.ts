import { secretKeyCandidates } from "../key-names.js";
import type { SecretProvider } from "../provider.js";

export interface EnvProviderOptions {
  /** The provider's name in messages; `env` unless given. */
  name?: string;
}

/**
 * Secrets from environment variables, looked up by exact name, then by normalised name.
 * The environment is read on every call, so later changes to it are seen.
 */
export function createEnvProvider(
  env: Readonly<Record<string, string | undefined>>,
  options: EnvProviderOptions = {},
): SecretProvider {
  return {
    name: options.name ?? "env",
    async get(key) {
      for (const candidate of secretKeyCandidates(key)) {
        // Own properties only: a key like `constructor` must not reach Object.prototype.
        if (!Object.hasOwn(env, candidate)) continue;
        const value = env[candidate];
        if (value !== undefined && value !== "") return value;
      }
      return undefined;
    },
    async list() {
      return Object.keys(env)
        .filter((name) => {
          const value = env[name];
          return value !== undefined && value !== "";
        })
        .sort();
    },
  };
}
