// Docker's `oauth.providers` form: a container or process server gets a provider's OAuth access
// token as an environment variable. The variable is the item's `env`, else that of the
// `secrets:` entry its `secret` names (the token stands in for that secret).
import type { ServerEntry } from "./schema.js";
import { SERVER_NAME } from "./schema.js";

/** One OAuth provider of an entry, with the variable its token goes into. */
export interface OAuthProvider {
  provider: string;
  /** The variable the token goes into; absent when the item names neither `env` nor a secret of the entry's. */
  env?: string;
  /** The secret the token stands in for. */
  secret?: string;
  /** mcpgw: the issuer of the provider's authorization server. */
  issuer?: string;
}

/** The entry's OAuth providers, in catalog order. */
export function oauthProviders(entry: Pick<ServerEntry, "oauth" | "secrets">): OAuthProvider[] {
  return (entry.oauth?.providers ?? []).map(({ provider, env, secret, issuer }) => {
    const variable = env ?? entry.secrets?.find((s) => s.name === secret)?.env;
    return { provider, ...(variable !== undefined ? { env: variable } : {}), ...(secret !== undefined ? { secret } : {}), ...(issuer !== undefined ? { issuer } : {}) };
  });
}

/** Whether a provider's name can name its tokens' secret, `oauth/<provider>`: a server name's characters, no `/`. */
export function isProviderName(name: string): boolean {
  return SERVER_NAME.test(name);
}
