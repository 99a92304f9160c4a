// Every export of this file is public API of @mcpgw/runtime-kernel: change it deliberately.
// What the connectors (Docker, process, remote) share to run and talk to an MCP server; the
// line framing of stdio is shared with the gateway's own stdio side too.
export { ServerLifecycle } from "./server-lifecycle.js";
export type { LifecycleOptions, StartedServer } from "./server-lifecycle.js";
export { SupervisedTransport } from "./supervised-transport.js";
export type { SupervisionOptions } from "./supervised-transport.js";
export { LineSplitter } from "./line-splitter.js";
export type { LineSplitterOptions } from "./line-splitter.js";
export { classifyAddress, isLoopback } from "./address-class.js";
export type { AddressClass } from "./address-class.js";
export { onShutdown } from "./shutdown.js";
