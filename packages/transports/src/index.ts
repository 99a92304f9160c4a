// Every export of this file is public API of @mcpgw/transports: change it deliberately.
// `connect/` is the client side (the Connector for remote servers); `serve/` the serving side:
// Streamable HTTP for both MCP eras plus legacy SSE, here; stdio at `@mcpgw/transports/stdio`.
export { authorizeProvider, authorizeServer, createOAuthBroker, createOAuthStore, createProviderTokens, createRemoteConnector, isOAuthSecretName, OAUTH_CALLBACK_PATH, oauthCallbackPort, revokeProviderTokens, revokeServerTokens } from "./connect/index.js";
export type { AuthorizeProviderOptions, AuthorizeServerOptions, OAuthBroker, OAuthBrokerOptions, OAuthNetworkOptions, OAuthSecretStore, OAuthStore, OAuthTarget, PreRegisteredClient, ProviderTokenRequest, ProviderTokens, ProviderTokensOptions, RemoteAuthorization, RemoteConnectorOptions, RevokeProviderTokensOptions, RevokeServerTokensOptions, StoredTokens } from "./connect/index.js";
export { createHttpApp, listen } from "./serve/index.js";
export type {
  HttpApp,
  HttpAppEnv,
  HttpAppOptions,
  ListenOptions,
  ListeningServer,
  OAuthResourceOptions,
  SessionFactory,
  StaticToken,
} from "./serve/index.js";
