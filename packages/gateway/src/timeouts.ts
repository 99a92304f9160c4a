// Every time limit the gateway sets on its parts, with its default, in one place. The parts
// (runtimes, remote connector, router, HTTP app) keep defaults of their own for direct use;
// createGateway passes them all of these explicitly, so the gateway's behaviour is read here.

/** The gateway's default time limits, in milliseconds. */
export const DEFAULT_TIMEOUTS = {
  /** From a server's start to its answer to `initialize` (`--initialize-timeout`); past it the server is stopped. */
  initializeMs: 30_000,
  /**
   * A tool call, or any request to a server (`--call-timeout`). A remote server may go this
   * long without answering or reporting progress: a progress notification starts its time again.
   */
  callMs: 600_000,
  /**
   * An HTTP session with no request and no open stream is closed (`--session-idle-timeout`).
   * Abandoned sessions no longer lock anyone out (at the session cap the least recently active
   * idle one makes room), so this only gives memory back when nobody needs the room: long
   * enough for a client that pauses (a lunch break, a laptop asleep) to keep its session, since
   * many clients treat the 404 of a closed session as an error rather than initialize again.
   */
  sessionIdleMs: 1_800_000,
  /** A server without traffic is stopped, a remote connection closed; never for long-lived servers. */
  serverIdleMs: 300_000,
  /** How long a start waits for a free slot when a server already runs its most instances. */
  slotWaitMs: 30_000,
  /** A stopping server's grace after its stdin closes, before it is forced. */
  stopGraceMs: 2_000,
  /** Opening a remote server's legacy SSE stream, or ending its session at close. */
  remoteConnectMs: 10_000,
  /**
   * An interceptor's answer, for each call it sees (exec, http and docker alike); past it the
   * call fails, and a docker interceptor's container is killed.
   */
  interceptorMs: 30_000,
} as const;

/** The time limits of one gateway: the defaults, with the ones its options give. */
export type GatewayTimeouts = { readonly [K in keyof typeof DEFAULT_TIMEOUTS]: number };

/** What of createGateway's options sets a time limit. */
export interface TimeoutOptions {
  initializeTimeoutMs?: number | undefined;
  callTimeoutMs?: number | undefined;
  sessionIdleMs?: number | undefined;
}

/** The time limits for these options: each given one, else its default. */
export function resolveTimeouts(options: TimeoutOptions): GatewayTimeouts {
  return {
    ...DEFAULT_TIMEOUTS,
    initializeMs: options.initializeTimeoutMs ?? DEFAULT_TIMEOUTS.initializeMs,
    callMs: options.callTimeoutMs ?? DEFAULT_TIMEOUTS.callMs,
    sessionIdleMs: options.sessionIdleMs ?? DEFAULT_TIMEOUTS.sessionIdleMs,
  };
}
