// Docker's `oauth.providers` form at each start of a container or process server: before the
// runtime starts it, each provider's current access token (refreshed first when about to expire)
// goes into the variable the catalog names, as a secret, so the runtime passes it the way it
// passes every secret (through the engine API or the child's environment, never argv) and masks
// it in what the server prints. A server without a token to start with is not started.
import type { Connector, OAuthEnv, ServerSpec } from "@mcpgw/core";
import { ErrorCode, GatewayError, oauthTokensSecretName, SecretValue } from "@mcpgw/core";
import type { ProviderTokens } from "@mcpgw/transports";

/** The OAuth providers' tokens of a gateway's container and process servers. */
export interface OAuthEnvironment {
  /** `connector`, giving each server it starts its providers' current tokens. */
  wrap(connector: Connector): Connector;
  /**
   * `others` and the tokens handed out last (one per provider), secrets the guard keeps out of
   * tool traffic: the same list until either changes.
   */
  secretValues(others: readonly SecretValue[]): readonly SecretValue[];
}

/**
 * The providers' tokens from `tokens`, for every connector `wrap` is given.
 * @example const docker = createOAuthEnvironment(createProviderTokens({ store, logger })).wrap(createDockerConnector());
 */
export function createOAuthEnvironment(tokens: ProviderTokens): OAuthEnvironment {
  const handedOut = new Map<string, SecretValue>();
  let tokenValues: readonly SecretValue[] = [];
  let combined = { others: [] as readonly SecretValue[], tokens: tokenValues, all: [] as readonly SecretValue[] };

  const withTokens = async (spec: ServerSpec): Promise<ServerSpec> => {
    if ((spec.kind !== "docker" && spec.kind !== "process") || !spec.oauthEnv?.length) return spec;
    const secretEnv = { ...spec.secretEnv };
    for (const item of spec.oauthEnv) {
      const token = await tokens.current({ server: spec.name, provider: item.provider, ...preRegistered(item) });
      if (token === undefined) {
        // A secret set for that variable (a personal access token) does instead.
        if (secretEnv[item.env] === undefined) throw authorizationRequired(spec.name, item, spec.oauthEnv.length > 1);
        continue;
      }
      const value = new SecretValue(oauthTokensSecretName(item.provider), token, "oauth");
      secretEnv[item.env] = value;
      if (handedOut.get(item.provider)?.reveal() !== token) {
        handedOut.set(item.provider, value);
        tokenValues = [...handedOut.values()];
      }
    }
    return { ...spec, secretEnv };
  };

  return {
    wrap: (connector) => ({
      kinds: connector.kinds,
      connect: async (spec, context) => connector.connect(await withTokens(spec), context),
      closeAll: () => connector.closeAll(),
    }),
    secretValues(others) {
      if (combined.others !== others || combined.tokens !== tokenValues) combined = { others, tokens: tokenValues, all: [...others, ...tokenValues] };
      return combined.all;
    },
  };
}

function preRegistered(item: OAuthEnv): { preRegistered?: { clientId: string; clientSecret?: string } } {
  const { client } = item;
  return client ? { preRegistered: { clientId: client.id, ...(client.secret ? { clientSecret: client.secret.reveal() } : {}) } } : {};
}

function authorizationRequired(server: string, item: OAuthEnv, several: boolean): GatewayError {
  const command = `mcpgw oauth authorize ${server}${several ? ` --provider ${item.provider}` : ""}`;
  return new GatewayError(
    ErrorCode.AUTHORIZATION_REQUIRED,
    `server "${server}" needs the OAuth authorization of provider "${item.provider}" (its token goes into ${item.env}), or a secret for ${item.env}: run \`${command}\``,
    { data: { server, provider: item.provider, env: item.env, command }, suggestion: command },
  );
}
