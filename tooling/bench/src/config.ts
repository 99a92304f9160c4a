// How much each section does: the full run (minutes, under ten on two cores) and the quick one
// (seconds; the smoke test runs it so that the bench cannot rot).

export interface BenchConfig {
  quick: boolean;
  /** Profile mcpgw (`--cpu-prof`) in extra runs of the stdio and HTTP sections. */
  profile: boolean;
  stdio: { warmupCalls: number; durationMs: number; maxCalls: number };
  http: { warmupCalls: number; durationMs: number; maxCalls: number; concurrency: readonly number[] };
  startup: { servers: number };
  coldCall: { repeats: number };
  /**
   * `sessions` are opened and abandoned on a gateway with `--max-sessions maxSessions` and
   * `--session-idle-timeout` of `sessionIdleMs` (longer than opening them takes), then a fresh
   * client must be served, then the reaper closes the rest; the heap is weighed with
   * `maxSessions` idle sessions.
   */
  scale: { servers: number; toolsPerServer: number; lists: number; sessions: number; maxSessions: number; sessionIdleMs: number };
  /** The search index is built `builds` times; then every query runs once per round, `rounds` times. */
  search: { builds: number; rounds: number };
  /** Length of each profiled run. */
  profileMs: number;
  /** The whole run gives up after this, whatever happens (every wait inside has its own bound). */
  limitMs: number;
}

export const FULL: BenchConfig = {
  quick: false,
  profile: true,
  stdio: { warmupCalls: 500, durationMs: 8_000, maxCalls: 200_000 },
  http: { warmupCalls: 100, durationMs: 8_000, maxCalls: 200_000, concurrency: [1, 8] },
  startup: { servers: 20 },
  coldCall: { repeats: 3 },
  // The gateway's default cap, and twice as many abandoned sessions.
  scale: { servers: 50, toolsPerServer: 40, lists: 200, sessions: 2_000, maxSessions: 1_000, sessionIdleMs: 20_000 },
  search: { builds: 10, rounds: 200 },
  profileMs: 6_000,
  limitMs: 15 * 60_000,
};

export const QUICK: BenchConfig = {
  quick: true,
  profile: false,
  stdio: { warmupCalls: 20, durationMs: 400, maxCalls: 2_000 },
  http: { warmupCalls: 5, durationMs: 400, maxCalls: 2_000, concurrency: [1, 8] },
  startup: { servers: 2 },
  coldCall: { repeats: 1 },
  scale: { servers: 5, toolsPerServer: 40, lists: 10, sessions: 40, maxSessions: 20, sessionIdleMs: 5_000 },
  search: { builds: 2, rounds: 3 },
  profileMs: 1_000,
  // About 40 s on two cores with one kept busy and 55 s with three busy loops; over 110 s was
  // seen on a loaded CI machine with a fresh clone (the test image built first): room for five
  // times that. Every wait inside is for an event (processes.ts, PATIENCE_MS), so a slow machine
  // makes the run longer, never wrong.
  limitMs: 10 * 60_000,
};

