// Test support (not built): a logger that keeps what it is told, to see what was logged and that
// no secret ever was.
import type { LogFields, Logger } from "@mcpgw/core";

/** A logger that keeps every line as JSON text (level, message, bindings and fields) in `lines`. */
export function recordingLogger(lines: string[] = [], bindings: LogFields = {}): Logger & { lines: string[] } {
  const record = (level: string) => (message: string, fields?: LogFields) => void lines.push(JSON.stringify({ level, message, ...bindings, ...fields }));
  return { lines, debug: record("debug"), info: record("info"), warn: record("warn"), error: record("error"), child: (more) => recordingLogger(lines, { ...bindings, ...more }) };
}
