// Docker's `oauth.providers` form at resolution: which providers' tokens a container or process
// server gets as environment, and which of its secrets a provider's stored tokens stand in for,
// so a user who authorized (`mcpgw oauth authorize`) instead of setting a token is not refused.
import type { ServerEntry } from "@mcpgw/catalog";
import { isProviderName, oauthProviders, serverType } from "@mcpgw/catalog";
import { ErrorCode, GatewayError, oauthTokensSecretName } from "@mcpgw/core";
import type { OAuthEnv } from "@mcpgw/core";

/** What resolution makes of a server's OAuth providers. */
export interface ResolvedProviders {
  /** The providers whose tokens go into the server's environment, in catalog order. */
  oauthEnv: OAuthEnv[];
  /** Whether a missing secret is stood in for: a provider with stored tokens names it, or fills its variable. */
  standsIn(secret: { name: string; env: string }): boolean;
  /** Items that cannot work, as warnings. */
  warnings: GatewayError[];
}

/**
 * The OAuth providers of a container or process server (none for other kinds). A provider has
 * stored tokens when the secret chain has `oauth/<provider>` (the local store keeps them there).
 */
export async function resolveProviders(server: string, entry: ServerEntry, secrets: { resolve(name: string): Promise<unknown> }): Promise<ResolvedProviders> {
  const kind = serverType(entry);
  if (kind !== "server" && kind !== "process") return { oauthEnv: [], standsIn: () => false, warnings: [] };
  const oauthEnv: OAuthEnv[] = [];
  const warnings: GatewayError[] = [];
  const authorized: { env: string; secret?: string }[] = [];
  for (const { provider, env, secret } of oauthProviders(entry)) {
    if (!isProviderName(provider) || env === undefined) {
      const why = isProviderName(provider) ? "names neither an env nor a secret of the server's; its token is not passed" : "has a name that cannot name its tokens (letters, digits, \"_\", \".\" and \"-\"); it is ignored";
      warnings.push(new GatewayError(ErrorCode.INVALID_ARGUMENT, `server "${server}": its OAuth provider "${provider}" ${why}`, { data: { server, provider } }));
      continue;
    }
    oauthEnv.push({ provider, env });
    if ((await secrets.resolve(oauthTokensSecretName(provider))) !== undefined) authorized.push({ env, ...(secret !== undefined ? { secret } : {}) });
  }
  return { oauthEnv, warnings, standsIn: (missing) => authorized.some((a) => a.secret === missing.name || a.env === missing.env) };
}
