// The serving side of @mcpgw/transports: how MCP clients reach the gateway.
export { createHttpApp } from "./http-app.js";
export type { HttpApp, HttpAppEnv, HttpAppOptions, ListChangeScope } from "./http-app.js";
export type { OAuthResourceOptions, StaticToken } from "./auth/index.js";
export { listen } from "./listen.js";
export { createMetricsApp } from "./metrics-route.js";
export type { MetricsEndpoint } from "./metrics-route.js";
export type { ListenOptions, ListeningServer, TlsMaterial } from "./listen.js";
export type { SessionFactory } from "./session-factory.js";
export type { AbandonReason, SessionEvents } from "./session-registry.js";
