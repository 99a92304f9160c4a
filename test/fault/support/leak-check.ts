// The fault suite's secret: every gateway the suite starts has it configured, and everything the
// suite sees come back (gateway stdout and stderr, call logs, error messages clients received) is
// recorded here and searched for it. The value is made per test file, so no fixture holds it.
import { randomBytes } from "node:crypto";
import { expect } from "vitest";
import type { GatewayProcess } from "../../support/gateway.js";

/** A configured secret's value, unique to this test file's run. */
export const FAULT_SECRET = `fault-${randomBytes(18).toString("base64url")}`;

/** The environment variable name the suite's servers receive the secret under. */
export const FAULT_SECRET_ENV = "FAULT_API_KEY";

const seen: { source: string; text: string }[] = [];

/** Keeps `text` (a log, an error message, a response) to be searched by {@link expectNoLeaks}. */
export function record(source: string, text: string): void {
  seen.push({ source, text });
}

/** Keeps everything a gateway printed. */
export function recordGateway(name: string, gateway: GatewayProcess): void {
  record(`${name} stdout`, gateway.stdout);
  record(`${name} stderr`, gateway.stderr);
}

/** How many records were kept; a suite that recorded nothing proves nothing. */
export function recordedCount(): number {
  return seen.length;
}

/** Fails naming every recorded source that carries the secret's value (the value is not printed). */
export function expectNoLeaks(): void {
  expect(seen.length, "the suite recorded no logs or errors to search").toBeGreaterThan(0);
  const leaks = seen.filter((entry) => entry.text.includes(FAULT_SECRET)).map((entry) => entry.source);
  expect(leaks, "sources that carry the configured secret's value").toEqual([]);
}
