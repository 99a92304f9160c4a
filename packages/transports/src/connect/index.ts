// The client side of @mcpgw/transports: reaching MCP servers over the network.
export { createRemoteConnector } from "./remote-connector.js";
export type { RemoteConnectorOptions } from "./remote-connector.js";
export { authorizeServer, createOAuthBroker, createOAuthStore, isOAuthSecretName, OAUTH_CALLBACK_PATH, oauthCallbackPort, revokeServerTokens } from "./oauth/index.js";
export type { AuthorizeServerOptions, OAuthBroker, OAuthBrokerOptions, OAuthNetworkOptions, OAuthSecretStore, OAuthStore, OAuthTarget, PreRegisteredClient, RemoteAuthorization, RevokeServerTokensOptions, StoredTokens } from "./oauth/index.js";
