// Every export of this file is public API of @mcpgw/secrets: change it deliberately
// (index.test.ts pins the list).
export type { SecretProvider } from "./provider.js";
export { normaliseSecretKey } from "./key-names.js";
export { createLocalSecretStore } from "./providers/local-store.js";
export type { LocalSecretStore, LocalSecretStoreOptions } from "./providers/local-store.js";
export { createEnvProvider } from "./providers/env-provider.js";
export type { EnvProviderOptions } from "./providers/env-provider.js";
export { createSecretChain } from "./chain.js";
export type { SecretChain, SecretListing } from "./chain.js";
export { DEFAULT_SECRETS_CHAIN, parseSecretsChain } from "./parse-chain.js";
export type { ParseSecretsChainOptions } from "./parse-chain.js";
export { createSecretScanner } from "./scanner/index.js";
export type { SecretFinding, SecretKind, SecretScanner, SecretScannerOptions } from "./scanner/index.js";
