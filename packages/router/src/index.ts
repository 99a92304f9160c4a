// Every export of this file is public API of @mcpgw/router: change it deliberately.
export { createRouter } from "./router.js";
export type { ListChange, ListChangeScope, Router, RouterOptions } from "./router.js";
export { runCall } from "./calls/call-pipeline.js";
export type { CallMiddleware, CallNext, ToolCall } from "./calls/call-pipeline.js";
export { createCallLog } from "./calls/call-log.js";
export type { CallLogEntry } from "./calls/call-log.js";
export { listCacheKey } from "./lists/list-cache.js";
export type { ListCache, ServerLists } from "./lists/list-cache.js";
export type { PrefixMode } from "./lists/naming.js";
export type { AuthorizationWaits } from "./downstream/authorization-retry.js";
export type { FastLane, Reply as FastLaneReply } from "./downstream/fast-lane.js";
export { GATEWAY_TOOLS } from "./downstream/dynamic-tools.js";
export type { DynamicToolsOptions, ToolSearch } from "./downstream/dynamic-tools.js";
