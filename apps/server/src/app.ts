// Every export of this file is public API of @mcpgw/server: change it deliberately. The
// program itself is `dist/index.js` (bin `mcpgw-server`); this entry is its factory, for tests
// and for embedding the same environment-driven configuration elsewhere.
export { createServerApp, DEFAULT_HOST, DEFAULT_PORT } from "./create-server-app.js";
export type { ServerApp, ServerAppDeps } from "./create-server-app.js";
export type { Environment } from "./env-reader.js";
export { healthUrl } from "./health-url.js";
export { SERVER_ENV } from "./server-env.js";
export type { ServerEnvName } from "./server-env.js";
export { formatStartup, formatStartupError } from "./startup-output.js";
export type { StartupInfo } from "./startup-output.js";
