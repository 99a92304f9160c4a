// How OAuth tokens are named in the secret store, shared by the config plane (which asks the
// secret chain whether a provider's tokens exist) and transports (which keeps them there):
//   oauth/<server or provider>   tokens, JSON
//   oauth/clients/<digest>       a dynamic client registration per authorization server
// Server and provider names never hold a "/", so the two families cannot collide.

/** The prefix of every secret name OAuth state is kept under. */
export const OAUTH_SECRET_PREFIX = "oauth/";

/** Whether a secret name holds OAuth state: such values are never printed (`secret export`). */
export function isOAuthSecretName(name: string): boolean {
  return name.startsWith(OAUTH_SECRET_PREFIX);
}

/** The secret name of the tokens of a remote server, or of a container server's OAuth provider. */
export function oauthTokensSecretName(name: string): string {
  return `${OAUTH_SECRET_PREFIX}${name}`;
}
