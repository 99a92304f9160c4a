// Inbound authentication of the HTTP transports: the gateway token, named static tokens and
// OAuth 2.1 access tokens (the gateway as a resource server, RFC 9728 metadata).
export { createHttpAuth } from "./http-auth.js";
export type { AuthVariables, HttpAuth, HttpAuthOptions } from "./http-auth.js";
export type { OAuthResourceOptions } from "./oauth-options.js";
export { callerKey, samePrincipal } from "./principal.js";
export type { StaticToken } from "./static-tokens.js";
