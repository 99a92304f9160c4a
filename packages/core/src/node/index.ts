// Every export of this file is public API of @mcpgw/core/node (Node-only helpers).
export { readFileIfExists, updateFile, withFileLock, writeFileAtomic } from "./atomic-file.js";
export type { WriteOptions } from "./atomic-file.js";
export { resolveHome } from "./home.js";
export type { HomeLayout } from "./home.js";
export { editUserFile, invalidFileError, loadUserFile, readUserFile } from "./user-file.js";
export type { UserFileOptions } from "./user-file.js";
export { NdjsonTransport } from "./ndjson-transport.js";
export type { NdjsonTransportOptions } from "./ndjson-transport.js";
export { SupervisedTransport } from "./supervised-transport.js";
export type { SupervisionOptions } from "./supervised-transport.js";
export { ServerSlots } from "./server-slots.js";
export { ServerLifecycle } from "./server-lifecycle.js";
export { onShutdown } from "./shutdown.js";
export { classifyAddress, isLoopback, isPublicAddress } from "./address-class.js";
export type { AddressClass } from "./address-class.js";
export type { LifecycleOptions, StartedServer } from "./server-lifecycle.js";
