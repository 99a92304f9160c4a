// Every export of this file is public API of @mcpgw/registry.
export { disableServers, enabledServerNames, enableServers, loadRegistry, RegistryFileSchema, resetRegistry } from "./registry-file.js";
export type { RegistryFile } from "./registry-file.js";
export { ConfigFileSchema, loadConfig, resetConfig, writeConfig } from "./config-file.js";
export type { ConfigFile } from "./config-file.js";
export { enabledToolsFor, loadToolsSelection, ToolsFileSchema } from "./tools-file.js";
export type { ToolsFile } from "./tools-file.js";
export { renderList, renderString, templatePaths } from "./template.js";
export type { Rendered } from "./template.js";
export { validateServerConfig } from "./config-validate.js";
export { resolveServers } from "./resolve.js";
export type { ResolveInput, Resolution, SecretLookup, ServerProblem } from "./resolve.js";
export { loadConfigPlane } from "./config-plane.js";
export { parsePolicyFile, PolicyFileSchema, readPolicyFile } from "./policy/index.js";
export type { PolicyFile, PolicyToken } from "./policy/index.js";
export type { ConfigPlane, ConfigPlaneOptions } from "./config-plane.js";
