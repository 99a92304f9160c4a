// Every export of this file is public API of @mcpgw/core/node (Node-only helpers).
export { readFileIfExists, updateFile, withFileLock, writeFileAtomic } from "./atomic-file.js";
export type { WriteOptions } from "./atomic-file.js";
export { resolveHome } from "./home.js";
export type { HomeLayout } from "./home.js";
export { editUserFile, invalidFileError, loadUserFile, readUserFile } from "./user-file.js";
export type { UserFileOptions } from "./user-file.js";
