// The OAuth client for remote servers and for the OAuth providers of container and process
// servers. The package entry exports the flows as a whole (authorizeServer, revokeServerTokens,
// authorizeProvider, revokeProviderTokens), the store, the providers' tokens and the callback
// port; the rest is internal.
export { buildAuthorizationUrl, DEFAULT_OAUTH_PORT, oauthCallbackPort, selectScope, startCallbackServer } from "./authorization.js";
export type { AuthorizationRequest, CallbackServer, CallbackServerOptions } from "./authorization.js";
export { chooseAuthMethod, createMemoryRegistrationStore, resolveClientIdentity } from "./client-registration.js";
export type { ClientAuthMethod, ClientIdentity, ClientRegistrationOptions, PreRegisteredClient, RegistrationStore } from "./client-registration.js";
export { authorizationServerMetadataUrls, discoverOAuth, protectedResourceMetadataUrls, resourceMatches } from "./discovery.js";
export type { AuthorizationServerMetadata, DiscoveryOptions, OAuthDiscovery, ProtectedResourceMetadata } from "./discovery.js";
export type { FetchLimits, OAuthFetch } from "./oauth-fetch.js";
export { createPkce, createState, pkceChallenge } from "./pkce.js";
export type { Pkce } from "./pkce.js";
export { exchangeCode, expiresSoon, refreshTokens, revokeToken } from "./tokens.js";
export type { TokenEndpointOptions, TokenSet } from "./tokens.js";
export { bearerChallenge, parseWwwAuthenticate } from "./www-authenticate.js";
export type { AuthChallenge, BearerChallenge } from "./www-authenticate.js";
export { authorizeServer, revokeServerTokens } from "./authorize-server.js";
export type { AuthorizeServerOptions, OAuthNetworkOptions, RevokeServerTokensOptions } from "./authorize-server.js";
export { createOAuthStore, isOAuthSecretName, OAUTH_SECRET_PREFIX, oauthTokensSecretName } from "./oauth-store.js";
export type { OAuthSecretStore, OAuthStore, StoredTokens } from "./oauth-store.js";
export { createOAuthBroker, OAUTH_CALLBACK_PATH } from "./oauth-broker.js";
export type { OAuthBroker, OAuthBrokerOptions, OAuthTarget, RemoteAuthorization } from "./oauth-broker.js";
export { authorizedFetch } from "./authorized-fetch.js";
export { beginAuthorization } from "./authorize-server.js";
export type { AuthorizationStart, BeginAuthorizationOptions } from "./authorize-server.js";
export { callbackPageHtml, CallbackWaiters, listenForCallbacks } from "./callback-waiters.js";
export type { CallbackListener, CallbackPage } from "./callback-waiters.js";
export { TokenKeeper } from "./token-keeper.js";
export { authorizeProvider, revokeProviderTokens } from "./authorize-provider.js";
export type { AuthorizeProviderOptions, RevokeProviderTokensOptions } from "./authorize-provider.js";
export { createProviderTokens } from "./provider-tokens.js";
export type { ProviderTokenRequest, ProviderTokens, ProviderTokensOptions } from "./provider-tokens.js";
export type { OAuthFetchOptions } from "./code-flow.js";
export type { TokenKeeperOptions } from "./token-keeper.js";
