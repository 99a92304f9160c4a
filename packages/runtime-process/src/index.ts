// Every export of this file is public API of @mcpgw/runtime-process: change it deliberately.
export { createProcessConnector } from "./process-connector.js";
export type { ProcessConnectorOptions } from "./process-connector.js";
