// Every export of this file is public API of @mcpgw/transports/http: change it deliberately.
// Serving MCP over HTTP: Streamable HTTP for both MCP eras and legacy SSE (Node only). Apart from
// the package's root so that a gateway that serves stdio never loads the HTTP stack.
export { createHttpApp, createMetricsApp, listen } from "./serve/index.js";
export type { HttpApp, HttpAppEnv, HttpAppOptions, ListChangeScope, ListenOptions, ListeningServer, MetricsEndpoint, OAuthResourceOptions, SessionEvents, SessionFactory, StaticToken, TlsMaterial } from "./serve/index.js";
