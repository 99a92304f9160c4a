// Every export of this file is public API of @mcpgw/clients: change it deliberately.
export { appDataDir, currentClientContext, entryFor, genericShape, xdgConfigDir } from "./client.js";
export type {
  ClientContext,
  ConfigFormat,
  EntryShape,
  GatewayEntry,
  HttpEntryInput,
  McpClient,
  Platform,
  StdioEntryInput,
} from "./client.js";
export { CLIENTS, findClient } from "./clients.js";
export { DOCKER_ENTRY, GATEWAY_ENTRY } from "./config-edit.js";
export { clientStatus, clientTarget, connectClient, disconnectClient } from "./client-file.js";
export type { ClientStatus, ClientTarget, EditOutcome } from "./client-file.js";
