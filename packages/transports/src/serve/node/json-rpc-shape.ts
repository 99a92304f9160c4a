// Whether a message is JSON-RPC as MCP's schema has it, checked by hand: the same rules as the
// SDK's JSONRPCMessageSchema (strict messages, ids that are strings or safe integers, params and
// results that are objects), without building a schema parse per message on the hot path. A
// message that fails them is refused at the edge with 400: past it, the Server would drop it
// silently and its POST would never be answered.

type Shape = Record<string, unknown>;

const isObject = (value: unknown): value is Shape => typeof value === "object" && value !== null && !Array.isArray(value);
const isId = (value: unknown): boolean => typeof value === "string" || Number.isSafeInteger(value);
const only = (message: Shape, keys: readonly string[]): boolean => Object.keys(message).every((key) => keys.includes(key));

const REQUEST_KEYS = ["jsonrpc", "id", "method", "params"] as const;
const NOTIFICATION_KEYS = ["jsonrpc", "method", "params"] as const;
const RESULT_KEYS = ["jsonrpc", "id", "result"] as const;
const ERROR_KEYS = ["jsonrpc", "id", "error"] as const;

/** A request, notification, result or error response, by MCP's JSON-RPC schema. */
export function isJsonRpcMessage(value: unknown): boolean {
  if (!isObject(value) || value.jsonrpc !== "2.0") return false;
  if ("method" in value) {
    if (typeof value.method !== "string") return false;
    if (value.params !== undefined && !(isObject(value.params) && (value.params._meta === undefined || isObject(value.params._meta)))) return false;
    return "id" in value ? isId(value.id) && only(value, REQUEST_KEYS) : only(value, NOTIFICATION_KEYS);
  }
  if ("result" in value) return isId(value.id) && isObject(value.result) && only(value, RESULT_KEYS);
  if ("error" in value) {
    const error = value.error;
    return (value.id === undefined || isId(value.id)) && isObject(error) && Number.isSafeInteger(error.code) && typeof error.message === "string" && only(value, ERROR_KEYS);
  }
  return false;
}
