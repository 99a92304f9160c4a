// The client side of @mcpgw/transports: reaching MCP servers over the network.
export { createRemoteConnector } from "./remote-connector.js";
export type { RemoteConnectorOptions } from "./remote-connector.js";
export { authorizeServer, createOAuthStore, isOAuthSecretName, oauthCallbackPort, revokeServerTokens } from "./oauth/index.js";
export type { AuthorizeServerOptions, OAuthNetworkOptions, OAuthSecretStore, OAuthStore, RevokeServerTokensOptions, StoredTokens } from "./oauth/index.js";
