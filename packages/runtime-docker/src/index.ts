// Every export of this file is public API of @mcpgw/runtime-docker: change it deliberately
// (index.test.ts pins the list).
export { createDockerConnector } from "./docker-connector.js";
export type { DockerConnector, DockerConnectorOptions } from "./docker-connector.js";
export type { GatewayInstance } from "./instance.js";
export type { ContainerRunRequest } from "./one-off-container.js";
export type { ContainerOutput } from "./run-to-end.js";
export { parseSignatureKeys } from "./signatures/index.js";
export type { SignaturePolicy } from "./signatures/index.js";
export { engineAddress } from "./engine.js";
