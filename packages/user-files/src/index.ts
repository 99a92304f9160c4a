// Every export of this file is public API of @mcpgw/user-files: change it deliberately.
export { resolveHome } from "./home.js";
export type { HomeLayout } from "./home.js";
export { composeYamlSource, diagnosticAt, formatFieldPath, parseUserYaml } from "./yaml-document.js";
export type { Parsed, UserFile, YamlSource } from "./yaml-document.js";
export { editUserFile, invalidFileError, loadUserFile } from "./user-file.js";
export { readFileIfExists, updateFile, withFileLock, writeFileAtomic } from "./atomic-file.js";
