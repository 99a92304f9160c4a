import type { Writable } from "node:stream";
import type { LogFields, Logger } from "@mcpgw/core";
import { definedOnly } from "@mcpgw/core";

export type LogLevel = "debug" | "info" | "warn" | "error";

const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/**
 * A logger writing one line per entry, `time level message key=value…`, to a stream: stderr,
 * so that a stdio gateway's stdout carries only protocol.
 */
export function createStreamLogger(stream: Writable, level: LogLevel = "info", bindings: LogFields = {}): Logger {
  const write = (at: LogLevel, message: string, fields: LogFields = {}) => {
    if (ORDER[at] < ORDER[level]) return;
    const rest = Object.entries(definedOnly({ ...bindings, ...fields }))
      .map(([k, v]) => `${k}=${typeof v === "string" && !/\s/.test(v) ? v : JSON.stringify(v)}`)
      .join(" ");
    stream.write(`${new Date().toISOString()} ${at.padEnd(5)} ${message}${rest ? ` ${rest}` : ""}\n`);
  };
  return {
    debug: (m, f) => write("debug", m, f),
    info: (m, f) => write("info", m, f),
    warn: (m, f) => write("warn", m, f),
    error: (m, f) => write("error", m, f),
    child: (more) => createStreamLogger(stream, level, { ...bindings, ...more }),
  };
}
