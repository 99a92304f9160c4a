// Every export of this file is public API of @mcpgw/gateway: change it deliberately.
export { createGateway } from "./create-gateway.js";
export type { Gateway, GatewayOptions } from "./create-gateway.js";
export { exposureProblems, generatesOwnerToken, resolveExposure } from "./exposure.js";
export type { Exposure, ExposureInput, GatewayOAuthOptions } from "./exposure.js";
export type { GatewayReport } from "./load-specs.js";
export { createInterceptorMiddleware, parseInterceptor } from "./interceptors/index.js";
export type { DockerInterceptor, Interceptor, InterceptorContainers, InterceptorOptions, ProgramInterceptor } from "./interceptors/index.js";
export { describePolicy, loadPolicy } from "./load-policy.js";
export type { LoadedPolicy, PolicyReport } from "./load-policy.js";
export { loadStoredToken, rotateStoredToken } from "./stored-token.js";
export { DEFAULT_SESSION_CAPS } from "./session-caps.js";
export type { GatewaySessionCaps } from "./session-caps.js";
export type { TlsFiles } from "./tls-files.js";
export { DEFAULT_TIMEOUTS } from "./timeouts.js";
export { createStreamLogger } from "./stream-logger.js";
export type { LogLevel } from "./stream-logger.js";
export type { GatewayTimeouts } from "./timeouts.js";
