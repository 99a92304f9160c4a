import { echoText } from "./json-rpc-lines.js";

/** The call every throughput section makes: server-everything's `echo`. */
export const ECHO_CALL = { name: "echo", arguments: { message: "bench" } };

/** Throws unless a `tools/call echo` result echoes the bench's message. */
export function checkEcho(result: Record<string, unknown>): void {
  const text = echoText(result);
  if (text === undefined || !text.includes("bench")) throw new Error(`unexpected echo result: ${JSON.stringify(result).slice(0, 200)}`);
}
