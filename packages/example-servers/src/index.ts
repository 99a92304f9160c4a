// Every export of this file is public API of @mcpgw/example-servers: change it deliberately.
// The servers themselves are run as processes (`node <entry>`, or the `mcpgw-example-*`
// commands), not imported: this entry only describes them.
export { exampleServers } from "./example-servers.js";
export type { ExampleServer, ExampleServerEnv, ExampleServerName } from "./example-servers.js";
export type { ExampleServerTool } from "./tool-definition.js";
