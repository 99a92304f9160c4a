// Every export of this file is public API of @mcpgw/runtime-docker: change it deliberately.
export { createDockerConnector } from "./docker-connector.js";
export type { DockerConnector, DockerConnectorOptions } from "./docker-connector.js";
export { containerConfig, DEFAULT_LIMITS, needsEgress } from "./container-config.js";
export { DEFAULT_ALLOWED_PORTS, parseAllowList } from "./egress/index.js";
export type { AllowList, EgressRoute } from "./egress/index.js";
export type { ContainerPolicy } from "./container-config.js";
export { assertEngine, createDockerClient, engineAddress } from "./engine.js";
export { ensureImage } from "./images.js";
export { currentInstance, LABELS } from "./instance.js";
export type { GatewayInstance } from "./instance.js";
export { reapOrphans } from "./reaper.js";
export { parseVolume, sensitivePaths } from "./volumes.js";
export type { Bind } from "./volumes.js";
