// How many HTTP sessions the gateway keeps, with its defaults in one place. Neither cap locks
// anyone out: at a cap the least recently active idle session is closed to admit a new one, and
// only when every session is busy is a new one refused. The caps bound what abandoned sessions
// can hold, and how much of it one caller can take.

/** The gateway's default session caps. */
export const DEFAULT_SESSION_CAPS = {
  /**
   * HTTP sessions at once (`--max-sessions`). Each holds some of the gateway's memory while
   * idle (the bench's scale section measures it): 1,000 bound what abandoned sessions can hold
   * to tens of MB, and are far more than one team's clients keep open.
   */
  maxSessions: 1_000,
  /**
   * HTTP sessions of one caller with a principal, a named token or an OAuth subject
   * (`--max-sessions-per-caller`; the owner has none, see the HTTP app). One person's clients
   * are a dozen sessions, a CI token running agents in parallel some tens: 100 leaves room for
   * both, and is a tenth of the gateway's cap, so one caller's flood never holds more than a
   * tenth of the room nor closes more than 100 of everyone else's idle sessions.
   */
  maxSessionsPerCaller: 100,
} as const;

/** The session caps of one gateway. */
export type GatewaySessionCaps = { readonly [K in keyof typeof DEFAULT_SESSION_CAPS]: number };

/** What of createGateway's options sets a session cap. */
export interface SessionCapOptions {
  maxSessions?: number | undefined;
  maxSessionsPerCaller?: number | undefined;
}

/** The session caps for these options: each given one, else its default. */
export function resolveSessionCaps(options: SessionCapOptions): GatewaySessionCaps {
  return {
    maxSessions: options.maxSessions ?? DEFAULT_SESSION_CAPS.maxSessions,
    maxSessionsPerCaller: options.maxSessionsPerCaller ?? DEFAULT_SESSION_CAPS.maxSessionsPerCaller,
  };
}
