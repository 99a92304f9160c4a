export { callOutcome, createGatewayMetrics, METRIC_NAMES } from "./gateway-metrics.js";
export type { GatewayMetrics } from "./gateway-metrics.js";
