// The OAuth client for remote servers: internal to @mcpgw/transports (not exported from the
// package entry) until the remote connector and the CLI use it.
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
