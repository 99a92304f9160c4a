// Every export of this file is public API of @mcpgw/registry: change it deliberately
// (index.test.ts pins the list).
export { allowsEngineSocket, disableServers, enabledServerNames, enableServers, resetRegistry } from "./registry-file.js";
export type { EnableOptions, RegistryFile } from "./registry-file.js";
export { ConfigFileSchema, loadConfig, resetConfig, writeConfig } from "./config-file.js";
export type { ConfigFile } from "./config-file.js";
export { disableTools, enabledToolsFor, enableTools } from "./tools-file.js";
export type { ToolsByServer, ToolsEdit, ToolsFile } from "./tools-file.js";
export { resolveServers } from "./resolve.js";
export { readSignatureKeys } from "./signature-keys.js";
export type { SignatureKeySource } from "./signature-keys.js";
// Moved to @mcpgw/core, which the Docker runtime shares; still offered here.
export { parseImageReference } from "@mcpgw/core";
export type { ImageReference } from "@mcpgw/core";
export type { ResolveInput, Resolution, SecretLookup, ServerProblem } from "./resolve.js";
export { loadConfigPlane, mergeValues as mergeConfigValues } from "./config-plane.js";
export { readPolicyFile } from "./policy/index.js";
export {
  addProfileServers,
  createProfile,
  editProfileTools,
  exportProfile,
  importDockerWorkingSet,
  isProfileName,
  listProfiles,
  loadProfile,
  readProfileImport,
  removeProfile,
  removeProfileServers,
  writeProfile,
} from "./profiles/index.js";
export type {
  DockerImport,
  Profile,
  ProfileContent,
  ProfileImport,
  ProfileListing,
  ProfileServer,
  ProfileToolsChange,
} from "./profiles/index.js";
export type { PolicyFile, PolicyToken } from "./policy/index.js";
export type { ConfigPlane, ConfigPlaneOptions } from "./config-plane.js";
