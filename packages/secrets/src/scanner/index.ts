export { createSecretScanner, MIN_EXACT_SECRET_LENGTH } from "./scanner.js";
export type { SecretScanner, SecretScannerOptions } from "./scanner.js";
export { SECRET_KINDS } from "./kinds.js";
export type { SecretFinding, SecretKind } from "./kinds.js";
