// The client side of @mcpgw/transports: reaching MCP servers over the network.
export { createRemoteConnector } from "./remote-connector.js";
export type { RemoteConnectorOptions } from "./remote-connector.js";
