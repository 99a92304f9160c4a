// Every export of this file is public API of @mcpgw/test-images: change it deliberately.
export { ensureTestImage, removeTestImages } from "./ensure-test-image.js";
export type { EnsureTestImageOptions, RemoveTestImagesOptions } from "./ensure-test-image.js";
export { EVERYTHING_PACKAGE, TEST_IMAGE_LABEL, TEST_IMAGE_NAMES, TEST_IMAGE_REPOSITORY } from "./images.js";
export type { TestImageName } from "./images.js";
export { START_ENGINE_COMMAND } from "./engine.js";
