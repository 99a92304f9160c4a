// The client side of @mcpgw/transports: reaching MCP servers over the network.
export { createRemoteConnector } from "./remote-connector.js";
export type { RemoteConnectorOptions } from "./remote-connector.js";
export { authorizeProvider, authorizeServer, createOAuthBroker, createOAuthStore, createProviderTokens, isOAuthSecretName, OAUTH_CALLBACK_PATH, oauthCallbackPort, revokeProviderTokens, revokeServerTokens } from "./oauth/index.js";
export type { AuthorizeProviderOptions, AuthorizeServerOptions, OAuthBroker, OAuthBrokerOptions, OAuthNetworkOptions, OAuthSecretStore, OAuthStore, OAuthTarget, PreRegisteredClient, ProviderTokenRequest, ProviderTokens, ProviderTokensOptions, RemoteAuthorization, RevokeProviderTokensOptions, RevokeServerTokensOptions, StoredTokens } from "./oauth/index.js";
