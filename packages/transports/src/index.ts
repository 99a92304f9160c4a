// Every export of this file is public API of @mcpgw/transports: change it deliberately.
// `connect/` is the client side (the Connector for remote servers); the serving side (stdio,
// Streamable HTTP, SSE) will live in `serve/`.
export { checkRemoteUrl, createRemoteConnector } from "./connect/index.js";
export type { CheckedRemoteUrl, RemoteConnectorOptions, RemoteUrlPolicy } from "./connect/index.js";
