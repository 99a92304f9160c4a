// Every export of this file is public API of @mcpgw/test-images: change it deliberately.
export { ensureTestImage } from "./ensure-test-image.js";
export type { EnsureTestImageOptions } from "./ensure-test-image.js";
export type { TestImageName } from "./images.js";
export { START_ENGINE_COMMAND } from "./engine.js";
export { ensureBaseImage } from "./node-base-image.js";
export type { EnsureBaseImageOptions, EnsuredBaseImage } from "./node-base-image.js";
export { ensureServerImage } from "./server-image.js";
export type { EnsuredServerImage, EnsureServerImageOptions } from "./server-image.js";
export { pushFreshImage } from "./fresh-image.js";
export type { PushFreshImageOptions } from "./fresh-image.js";
export { pushImage, startRegistry } from "./registry.js";
export type { PushedImage, RegistryTokenAuth, StartRegistryOptions, TestRegistry } from "./registry.js";
export { createCosignKeyPair, pushEmptyImage, signImage, signPayload, simpleSigningPayload } from "./cosign.js";
export type { CosignKeyKind, CosignKeyPair, SignedImage, SignImageOptions } from "./cosign.js";
export { contentDigest, pushBlob, pushManifest } from "./registry-api.js";
