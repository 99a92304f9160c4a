// Every export of this file is public API of @mcpgw/router: change it deliberately.
export { createRouter } from "./router.js";
export type { CallGuard, ListChange, Router, RouterOptions, SessionInfo } from "./router.js";
export type { CallLogEntry } from "./call-log.js";
export { parseInterceptor } from "./interceptors.js";
export type { Interceptor } from "./interceptors.js";
export { createMemoryListCache, listCacheKey } from "./lists/list-cache.js";
export type { ListCache, ServerLists } from "./lists/list-cache.js";
export { assignNames, MAX_NAME_LENGTH, safeName } from "./lists/naming.js";
export type { PrefixMode } from "./lists/naming.js";
