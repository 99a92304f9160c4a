// Every export of this file is public API of @mcpgw/transports: change it deliberately.
// The client side (the Connector for remote servers, OAuth for them) is here; the serving side
// has entry points of its own, so that each loads only what it serves: Streamable HTTP for both
// MCP eras plus legacy SSE at `@mcpgw/transports/http`, stdio at `@mcpgw/transports/stdio`.
export { authorizeProvider, authorizeServer, createOAuthBroker, createOAuthStore, createProviderTokens, createRemoteConnector, isOAuthSecretName, OAUTH_CALLBACK_PATH, oauthCallbackPort, revokeProviderTokens, revokeServerTokens } from "./connect/index.js";
export type { AuthorizeProviderOptions, AuthorizeServerOptions, OAuthBroker, OAuthBrokerOptions, OAuthNetworkOptions, OAuthSecretStore, OAuthStore, OAuthTarget, PreRegisteredClient, ProviderTokenRequest, ProviderTokens, ProviderTokensOptions, RemoteAuthorization, RemoteConnectorOptions, RevokeProviderTokensOptions, RevokeServerTokensOptions, StoredTokens } from "./connect/index.js";
