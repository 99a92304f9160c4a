import type { Connection, Connector, ImagePullEvent } from "@mcpgw/core";
import { JSON_RPC_ERROR_CODES } from "@mcpgw/core";
import type { CallLogEntry } from "@mcpgw/router";
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { SessionEvents } from "@mcpgw/transports/http";
import type { CallGuard } from "../secret-guard.js";

/** Every metric the gateway exports; a dashboard may use these names and no others. */
export const METRIC_NAMES = [
  "mcpgw_requests_total",
  "mcpgw_tool_calls_total",
  "mcpgw_tool_call_duration_seconds",
  "mcpgw_upstream_starts_total",
  "mcpgw_upstream_start_duration_seconds",
  "mcpgw_upstream_exits_total",
  "mcpgw_upstream_crash_restarts_total",
  "mcpgw_upstreams_running",
  "mcpgw_sessions_open",
  "mcpgw_sessions_opened_total",
  "mcpgw_sessions_evicted_total",
  "mcpgw_sessions_reaped_total",
  "mcpgw_secret_guard_denials_total",
  "mcpgw_image_pulls_total",
] as const;

/** A call's outcome as a label: `ok`, `tool_error`, `timeout`, `blocked`, or the JSON-RPC error code the client got. */
export function callOutcome(entry: Pick<CallLogEntry, "outcome" | "errorCode">): string {
  if (entry.outcome === "ok") return "ok";
  if (entry.outcome === "tool-error") return "tool_error";
  if (entry.errorCode === JSON_RPC_ERROR_CODES.TIMEOUT) return "timeout";
  if (entry.errorCode === JSON_RPC_ERROR_CODES.REFUSED) return "blocked";
  return entry.errorCode === undefined ? "error" : String(entry.errorCode);
}

/** The gateway's metrics, fed by the events of the router, the runtimes and the transports. */
export interface GatewayMetrics {
  /** The Prometheus text of every metric now. */
  scrape(): Promise<string>;
  readonly contentType: string;
  /** A client session's request, by MCP method (one the router serves: a bounded set). */
  recordRequest(method: string): void;
  /** One tool call as the call log records it (its tool is one the server offers: the router resolved it). */
  recordCall(entry: CallLogEntry): void;
  /** An image pull's start or end. */
  recordPull(event: ImagePullEvent): void;
  /** The same connector, its upstreams' starts, exits and crash restarts counted. */
  observeConnector(connector: Connector): Connector;
  /** The same guard, its refusals counted. */
  observeGuard(guard: CallGuard): CallGuard;
  /** What the HTTP app tells of its sessions, and the stdio gateway of its one (`stdio`). */
  readonly sessions: SessionEvents & { opened(transport: "stdio"): void; closed(transport: "stdio"): void };
}

/**
 * The gateway's Prometheus metrics, in a registry of their own (two gateways in one process
 * do not share counters). Labels are server and tool names the configuration has, runtimes,
 * outcomes and transports: never a value a client chose freely, an argument or a secret.
 * @example
 * const metrics = createGatewayMetrics();
 * const router = createRouter({ connectors: connectors.map((c) => metrics.observeConnector(c)), ... });
 */
export function createGatewayMetrics(): GatewayMetrics {
  const registry = new Registry();
  const registers = [registry];
  const requests = new Counter({ name: "mcpgw_requests_total", help: "Requests of client sessions, by MCP method (tools/list, tools/call, resources/read, …).", labelNames: ["method"], registers });
  const calls = new Counter({ name: "mcpgw_tool_calls_total", help: "Tool calls by server, tool and outcome.", labelNames: ["server", "tool", "outcome"], registers });
  const callDuration = new Histogram({
    name: "mcpgw_tool_call_duration_seconds",
    help: "How long tool calls took, from the gateway's receiving them to its answer.",
    labelNames: ["server"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers,
  });
  const starts = new Counter({ name: "mcpgw_upstream_starts_total", help: "Upstream servers started (or connected), by outcome.", labelNames: ["server", "runtime", "outcome"], registers });
  const startDuration = new Histogram({
    name: "mcpgw_upstream_start_duration_seconds",
    help: "How long an upstream took from start to answering initialize.",
    labelNames: ["server", "runtime"],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers,
  });
  const exits = new Counter({ name: "mcpgw_upstream_exits_total", help: "Upstreams that ended: stopped by the gateway, or crashed.", labelNames: ["server", "runtime", "reason"], registers });
  const restarts = new Counter({ name: "mcpgw_upstream_crash_restarts_total", help: "Upstreams started again after they crashed.", labelNames: ["server", "runtime"], registers });
  const running = new Gauge({ name: "mcpgw_upstreams_running", help: "Upstreams running now.", labelNames: ["server", "runtime"], registers });
  const sessionsOpen = new Gauge({ name: "mcpgw_sessions_open", help: "Client sessions open now, by transport (streamable-http, sse, stdio).", labelNames: ["transport"], registers });
  const sessionsOpened = new Counter({ name: "mcpgw_sessions_opened_total", help: "Client sessions opened, by transport.", labelNames: ["transport"], registers });
  const sessionsEvicted = new Counter({ name: "mcpgw_sessions_evicted_total", help: "Idle sessions closed to make room at a cap (gateway or caller).", labelNames: ["transport", "cap"], registers });
  const sessionsReaped = new Counter({ name: "mcpgw_sessions_reaped_total", help: "Sessions closed after their idle timeout.", labelNames: ["transport"], registers });
  const guardDenials = new Counter({ name: "mcpgw_secret_guard_denials_total", help: "Tool calls the secret guard blocked, by server and direction.", labelNames: ["server", "direction"], registers });
  const pulls = new Counter({ name: "mcpgw_image_pulls_total", help: "Container image pulls, by outcome (pulled, failed).", labelNames: ["outcome"], registers });

  // A server that crashed and starts again is a crash restart.
  const crashed = new Set<string>();
  const observed = async (connector: Connector, spec: Parameters<Connector["connect"]>[0], context: Parameters<Connector["connect"]>[1]): Promise<Connection> => {
    const labels = { server: spec.name, runtime: spec.kind };
    const stopTimer = startDuration.startTimer(labels);
    let connection: Connection;
    try {
      connection = await connector.connect(spec, context);
    } catch (error) {
      starts.inc({ ...labels, outcome: "failed" });
      throw error;
    }
    stopTimer();
    starts.inc({ ...labels, outcome: "ok" });
    running.inc(labels);
    if (crashed.delete(spec.name)) restarts.inc(labels);
    const ended = (reason: "stopped" | "crashed") => {
      running.dec(labels);
      exits.inc({ ...labels, reason });
      if (reason === "crashed") crashed.add(spec.name);
    };
    connection.closed.then(
      (exit) => ended(exit.requested ? "stopped" : "crashed"),
      () => ended("crashed"),
    );
    return connection;
  };
  const guarded =
    (direction: "arguments" | "result", check: CallGuard["arguments"]): CallGuard["arguments"] =>
    (call, value) => {
      try {
        return check(call, value);
      } catch (error) {
        guardDenials.inc({ server: call.server, direction });
        throw error;
      }
    };

  return {
    scrape: () => registry.metrics(),
    contentType: registry.contentType,
    recordRequest: (method) => requests.inc({ method }),
    recordCall(entry) {
      calls.inc({ server: entry.server, tool: entry.tool, outcome: callOutcome(entry) });
      callDuration.observe({ server: entry.server }, entry.durationMs / 1000);
    },
    recordPull(event) {
      if (event.kind === "pulled" || event.kind === "failed") pulls.inc({ outcome: event.kind });
    },
    observeConnector: (connector) => ({ kinds: connector.kinds, connect: (spec, context) => observed(connector, spec, context), closeAll: () => connector.closeAll() }),
    observeGuard: (guard) => ({ arguments: guarded("arguments", guard.arguments.bind(guard)), result: guarded("result", guard.result.bind(guard)) }),
    sessions: {
      opened(transport) {
        sessionsOpen.inc({ transport });
        sessionsOpened.inc({ transport });
      },
      closed: (transport) => sessionsOpen.dec({ transport }),
      abandoned(transport, reason) {
        if (reason === "idle-timeout") sessionsReaped.inc({ transport });
        else sessionsEvicted.inc({ transport, cap: reason === "session-cap" ? "gateway" : "caller" });
      },
    },
  };
}
