// Section 5's sessions: what abandoned and idle HTTP sessions cost the gateway. Twice its session
// cap of them opened and abandoned (the tree's RSS at the cap, past it, after the reaper, after
// DELETE; a fresh client that must be served), and the JS heap per idle session, read over the
// inspector of a gateway of its own.
import type { Pool } from "undici";
import type { BenchConfig } from "../config.js";
import type { HttpTarget, NodeFlags } from "../gateways.js";
import { createPool, HttpSession, HttpStatusError } from "../http-client.js";
import { HeapProbe, INSPECT_ARGS, inspectorUrl } from "../inspector-heap.js";
import { countStderrLines, sleep, treeRss, within } from "../processes.js";
import { since } from "../stats.js";

export interface SessionMemory {
  /** Sessions opened and abandoned, `maxSessions` of them first, then the rest. */
  opened: number;
  /** The gateway's `--max-sessions`: past it, each initialize closes the least recently active idle session. */
  maxSessions: number;
  /** Wall time to open them all (initialize + initialized, 16 at a time), ms. */
  openMs: number;
  /** The gateway's `--session-idle-timeout`, ms: longer than the opening takes, so that only eviction closes sessions then. */
  sessionIdleMs: number;
  /** Gateway tree RSS (MB) before: a fresh gateway after a few sessions opened and closed. */
  baselineMb: number;
  /** Right after the first `maxSessions` were opened and abandoned (the cap reached, nothing closed yet). */
  atCapMb: number;
  /** Right after all of them were opened and abandoned. */
  afterOpenMb: number;
  /** Sessions the gateway closed to make room while they were opened (its log says so for each). */
  closedForRoom: number;
  /** Sessions the reaper closed while they were still being opened (0 unless the opening outlasted the idle timeout). */
  reapedWhileOpening: number;
  /** A fresh client right after: it must be served. */
  freshClient: FreshClient;
  /** Whether the reaper closed every abandoned session (within the bench's patience). */
  reaped: boolean;
  /** From the end of the opening to the reaper's last close (or to giving up on it), ms. */
  idleWaitMs: number;
  /** RSS once the reaper had closed every abandoned session (or given up on it). */
  afterIdleWaitMb: number;
  /** Sessions the gateway still had after the wait (a DELETE answered 200, i.e. not reaped). */
  stillOpenAfterWait: number;
  /** After every session was ended by DELETE (the close path the idle reaper takes too). */
  afterDeleteMb: number;
  /** How the idle reaper can be reached from `gateway run`. */
  reaper: string;
}

/** What a client that comes after the abandoned sessions got. */
export interface FreshClient {
  /** HTTP status of its initialize (200: served; 503 would be a lock-out). */
  status: number;
  /** From its initialize to its first answered tools/list, ms (to the refusal when refused). */
  ms: number;
}

/** The gateway's JS heap (after a full GC) before and with idle sessions open. */
export interface SessionHeap {
  /** Idle sessions held open: initialize + initialized, then nothing. */
  sessions: number;
  /** Heap in use after a warm-up of a few sessions opened and closed, MB. */
  beforeMb: number;
  /** With the idle sessions open, MB. */
  withSessionsMb: number;
  /** After every one was ended by DELETE, MB. */
  afterEndMb: number;
  /** (withSessionsMb − beforeMb) ÷ sessions, KB. */
  perSessionKb: number;
}

/** Starts the gateway under test with these flags besides its own (catalog, servers). */
export type StartGateway = (extraArgs: readonly string[], flags?: NodeFlags) => Promise<HttpTarget>;

/** How the reaper is reached from `gateway run`. */
const REAPER_NOTE = "gateway run --session-idle-timeout: abandoned sessions are closed after it; the bench waits for it to close every one";

/** What the gateway logs for each session it closes for idleness or to make room (session-registry.ts). */
const CLOSED = /closing an abandoned session /;
const CLOSED_FOR_ROOM = /closing an abandoned session .*reason=session-cap/;
const REAPED = /closing an abandoned session .*reason=idle-timeout/;

/** A pause before each memory reading, the same for every one, so that they are alike. */
const SETTLE_MS = 2_000;

/** How many sessions the load generator opens at once (one per connection of its pool). */
const OPENING = 16;

/**
 * A gateway of its own (with `--max-sessions` and a `--session-idle-timeout`): `sessions` opened
 * and abandoned, then a fresh client, then the reaper; its tree's RSS along the way.
 */
export async function sessionMemory(start: StartGateway, config: BenchConfig): Promise<SessionMemory> {
  const { sessions: count, maxSessions, sessionIdleMs } = config.scale;
  const target = await start(["--session-idle-timeout", String(Math.ceil(sessionIdleMs / 1000)), "--max-sessions", String(maxSessions)]);
  const pool = createPool(target.origin, OPENING);
  try {
    const pid = target.program.pid;
    const closed = countStderrLines(target.program, CLOSED);
    const closedForRoom = countStderrLines(target.program, CLOSED_FOR_ROOM);
    const reaped = countStderrLines(target.program, REAPED);
    await warmUp(pool, target.path);
    await sleep(SETTLE_MS);
    const baselineMb = treeRss(pid).mb;

    const sessions = Array.from({ length: count }, () => new HttpSession(pool, target.path));
    const t0 = performance.now();
    // The first wave fills the gateway to its cap; in the second each initialize makes room.
    await forEachSession(sessions.slice(0, maxSessions), (session) => session.open(), `${maxSessions} sessions to open`);
    await sleep(500);
    const atCapMb = treeRss(pid).mb;
    await forEachSession(sessions.slice(maxSessions), (session) => session.open(), `${count - maxSessions} more sessions to open`);
    const openMs = since(t0);
    const lastOpened = performance.now();
    await sleep(500);
    const afterOpenMb = treeRss(pid).mb;
    // Read after the pause: the gateway logs each close before it answers, but its log and its
    // answers come on different pipes.
    const reapedWhileOpening = reaped.count;
    const closedWhileOpening = closedForRoom.count;
    const freshClient = await serveFreshClient(pool, target.path);

    // Every abandoned session is closed once: to make room for a later one, or by the reaper.
    const allReaped = await within(closed.reached(count), "the reaper to close every abandoned session").then(
      () => true,
      () => false,
    );
    const idleWaitMs = since(lastOpened);
    await sleep(SETTLE_MS);
    const afterIdleWaitMb = treeRss(pid).mb;

    let stillOpenAfterWait = 0;
    await forEachSession(
      sessions,
      async (session) => {
        if ((await session.close()) === 200) stillOpenAfterWait++;
      },
      `${count} sessions to close`,
    );
    await sleep(SETTLE_MS);
    const afterDeleteMb = treeRss(pid).mb;
    return {
      opened: count,
      maxSessions,
      openMs,
      sessionIdleMs,
      baselineMb,
      atCapMb,
      afterOpenMb,
      closedForRoom: closedWhileOpening,
      reapedWhileOpening,
      freshClient,
      reaped: allReaped && stillOpenAfterWait === 0,
      idleWaitMs,
      afterIdleWaitMb,
      stillOpenAfterWait,
      afterDeleteMb,
      reaper: REAPER_NOTE,
    };
  } finally {
    await pool.close();
    await target.stop();
  }
}

/**
 * A gateway of its own, run with its inspector open: its JS heap after a full GC, before and
 * with `maxSessions` idle sessions (none closed to make room), and after they were ended.
 */
export async function sessionHeap(start: StartGateway, config: BenchConfig): Promise<SessionHeap> {
  const { maxSessions: count } = config.scale;
  const target = await start(["--max-sessions", String(count)], { nodeArgs: INSPECT_ARGS });
  const pool = createPool(target.origin, OPENING);
  let probe: HeapProbe | undefined;
  try {
    const url = await within(waitForInspector(target), "the gateway's inspector to listen");
    probe = await within(HeapProbe.connect(url), "a connection to the gateway's inspector");
    await warmUp(pool, target.path);
    const before = await within(probe.usedAfterGc(), "the gateway's heap");
    const sessions = Array.from({ length: count }, () => new HttpSession(pool, target.path));
    await forEachSession(sessions, (session) => session.open(), `${count} sessions to open`);
    const withSessions = await within(probe.usedAfterGc(), "the gateway's heap");
    await forEachSession(sessions, (session) => session.close(), `${count} sessions to close`);
    const afterEnd = await within(probe.usedAfterGc(), "the gateway's heap");
    const mb = (bytes: number) => bytes / 1024 / 1024;
    return { sessions: count, beforeMb: mb(before), withSessionsMb: mb(withSessions), afterEndMb: mb(afterEnd), perSessionKb: (withSessions - before) / count / 1024 };
  } finally {
    // A gateway with an inspector client attached waits for it to leave before it exits.
    probe?.close();
    await pool.close();
    await target.stop();
  }
}

/** The inspector's URL, once the gateway printed it on stderr. */
async function waitForInspector(target: HttpTarget): Promise<string> {
  let exited = false;
  void target.program.exited.then(() => (exited = true));
  for (;;) {
    const url = inspectorUrl(target.program.stderr());
    if (url) return url;
    if (exited) throw new Error("the gateway exited before its inspector listened");
    await sleep(25);
  }
}

/** The code paths of opening and closing sessions, run a few times so that a baseline has them loaded. */
async function warmUp(pool: Pool, path: string): Promise<void> {
  for (let i = 0; i < 10; i++) {
    const session = new HttpSession(pool, path);
    await within(session.open(), "a session to open");
    await session.close();
  }
}

/** Runs `step` on every session, {@link OPENING} at a time (the pool's connections). */
async function forEachSession(sessions: readonly HttpSession[], step: (session: HttpSession) => Promise<unknown>, what: string): Promise<void> {
  let next = 0;
  await within(
    Promise.all(
      Array.from({ length: OPENING }, async () => {
        while (next < sessions.length) await step(sessions[next++]!);
      }),
    ),
    what,
  );
}

/** A new client: initialize, initialized and one tools/list, timed; its HTTP status if refused. */
async function serveFreshClient(pool: Pool, path: string): Promise<FreshClient> {
  const client = new HttpSession(pool, path);
  const t0 = performance.now();
  try {
    await within(
      (async () => {
        await client.open();
        await client.call("tools/list", {});
      })(),
      "a fresh client to be served",
    );
  } catch (error) {
    if (error instanceof HttpStatusError) return { status: error.status, ms: since(t0) };
    throw error;
  }
  const ms = since(t0);
  await client.close();
  return { status: 200, ms };
}
