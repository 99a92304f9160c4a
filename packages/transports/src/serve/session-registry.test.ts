import type { Principal } from "@mcpgw/core";
import { silentLogger } from "@mcpgw/core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SESSION_RETRY_AFTER_SECONDS, SessionRegistry, trackBody } from "./session-registry.js";
import type { LiveSession } from "./session-registry.js";

type TestSession = LiveSession & { closes: number };

function session(id: string, registry: SessionRegistry, principal?: Principal): TestSession {
  const live = {
    id,
    kind: "streamable-http" as const,
    principal,
    closes: 0,
    async close() {
      live.closes++;
      registry.delete(id);
    },
  };
  return live;
}

const caller = (subject: string): Principal => ({ via: "token", subject, scopes: [] });
const ALICE = caller("alice");
const BOB = caller("bob");

/** Adds a session for each id, in order (the first is the least recently active). */
function addAll(registry: SessionRegistry, ids: string[], principal?: Principal): Record<string, TestSession> {
  const added: Record<string, TestSession> = {};
  for (const id of ids) {
    added[id] = session(id, registry, principal);
    registry.add(added[id]);
  }
  return added;
}

const closed = (sessions: Record<string, TestSession>) =>
  Object.values(sessions)
    .filter((live) => live.closes > 0)
    .map((live) => live.id);

describe("SessionRegistry", () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it("closes a session that stays idle for idleMs, and only then", async () => {
    const registry = new SessionRegistry({ idleMs: 1_000, logger: silentLogger });
    const live = session("a", registry);
    registry.add(live);
    await vi.advanceTimersByTimeAsync(999);
    expect(live.closes).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(live.closes).toBe(1);
    expect(registry.get("a")).toBeUndefined();
  });

  it("tells its events: opened, closed however it ended, and why it closed an idle one", async () => {
    const seen: string[] = [];
    const events = {
      opened: (kind: string) => void seen.push(`opened ${kind}`),
      closed: (kind: string) => void seen.push(`closed ${kind}`),
      abandoned: (kind: string, reason: string) => void seen.push(`abandoned ${kind} ${reason}`),
    };
    const registry = new SessionRegistry({ idleMs: 1_000, maxSessions: 2, logger: silentLogger, events });
    addAll(registry, ["a", "b"]);
    registry.delete("b");
    addAll(registry, ["c"]);
    expect(registry.admit(undefined)).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(seen).toEqual([
      "opened streamable-http",
      "opened streamable-http",
      "closed streamable-http",
      "opened streamable-http",
      "closed streamable-http",
      "abandoned streamable-http session-cap",
      "closed streamable-http",
      "abandoned streamable-http idle-timeout",
    ]);
  });

  it("never reaps a busy session, and starts counting again when it is done", async () => {
    const registry = new SessionRegistry({ idleMs: 1_000, logger: silentLogger });
    const live = session("a", registry);
    registry.add(live);
    const done = registry.busy("a");
    await vi.advanceTimersByTimeAsync(5_000);
    expect(live.closes).toBe(0);
    done();
    done();
    await vi.advanceTimersByTimeAsync(999);
    expect(live.closes).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(live.closes).toBe(1);
  });

  it("reaps each session idleMs after it last became idle, the oldest first", async () => {
    const registry = new SessionRegistry({ idleMs: 1_000, logger: silentLogger });
    const sessions = addAll(registry, ["a"]);
    await vi.advanceTimersByTimeAsync(400);
    Object.assign(sessions, addAll(registry, ["b", "c"]));
    await vi.advanceTimersByTimeAsync(300);
    // a's request ends 700 ms in: its time starts again, after b's and c's.
    registry.busy("a")();
    await vi.advanceTimersByTimeAsync(699);
    expect(closed(sessions)).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(closed(sessions)).toEqual(["b", "c"]);
    await vi.advanceTimersByTimeAsync(299);
    expect(closed(sessions)).toEqual(["b", "c"]);
    await vi.advanceTimersByTimeAsync(1);
    expect(closed(sessions)).toEqual(["a", "b", "c"]);
  });

  it("keeps a session busy until the response body has been read", async () => {
    const registry = new SessionRegistry({ idleMs: 1_000, logger: silentLogger });
    const live = session("a", registry);
    registry.add(live);
    const response = await registry.serve("a", async () => new Response("streamed"));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(live.closes).toBe(0);
    expect(await response.text()).toBe("streamed");
    await vi.advanceTimersByTimeAsync(1_000);
    expect(live.closes).toBe(1);
  });

  it("closes every session on closeAll, and one added afterwards", async () => {
    const registry = new SessionRegistry({ idleMs: 1_000, logger: silentLogger });
    const sessions = ["a", "b"].map((id) => session(id, registry));
    for (const live of sessions) registry.add(live);
    await registry.closeAll();
    expect(sessions.map((live) => live.closes)).toEqual([1, 1]);
    expect(registry.size).toBe(0);
    const late = session("c", registry);
    registry.add(late);
    await vi.advanceTimersByTimeAsync(0);
    expect(late.closes).toBe(1);
  });
});

describe("SessionRegistry at its caps", () => {
  it("closes the least recently active idle session to admit a new one, at once", () => {
    const registry = new SessionRegistry({ idleMs: 60_000, maxSessions: 3, logger: silentLogger });
    const sessions = addAll(registry, ["a", "b", "c"]);
    // b's request makes it the most recently active: a, c, b.
    registry.busy("b")();
    expect(registry.admit(undefined)).toBeUndefined();
    expect(closed(sessions)).toEqual(["a"]);
    expect(registry.get("a")).toBeUndefined();
    expect(registry.size).toBe(2);
    Object.assign(sessions, addAll(registry, ["d"]));
    expect(registry.admit(undefined)).toBeUndefined();
    expect(closed(sessions)).toEqual(["a", "c"]);
    expect(registry.admit(undefined)).toBeUndefined();
    // Room was made for one: c went, nothing more goes until one is added.
    expect(closed(sessions)).toEqual(["a", "c"]);
  });

  it("never closes a busy session, and refuses with Retry-After when every session is busy", () => {
    const registry = new SessionRegistry({ idleMs: 60_000, maxSessions: 2, logger: silentLogger });
    const sessions = addAll(registry, ["a", "b"]);
    const doneA = registry.busy("a");
    registry.busy("b");
    expect(registry.admit(undefined)).toEqual({ cap: "gateway", limit: 2, retryAfterSeconds: SESSION_RETRY_AFTER_SECONDS });
    expect(registry.admit(ALICE)).toMatchObject({ cap: "gateway" });
    expect(closed(sessions)).toEqual([]);
    expect(SESSION_RETRY_AFTER_SECONDS).toBeGreaterThan(0);
    doneA();
    expect(registry.admit(undefined)).toBeUndefined();
    expect(closed(sessions)).toEqual(["a"]);
  });

  it("past a caller's own cap closes its own least recently active idle session, never another's", () => {
    const registry = new SessionRegistry({ idleMs: 60_000, maxSessions: 100, maxSessionsPerCaller: 2, logger: silentLogger });
    // Bob's session is the oldest of all, and idle.
    const bob = addAll(registry, ["b1"], BOB);
    const alice = addAll(registry, ["a1", "a2"], ALICE);
    expect(registry.admit(ALICE)).toBeUndefined();
    expect(closed(alice)).toEqual(["a1"]);
    expect(closed(bob)).toEqual([]);
  });

  it("refuses a caller whose sessions are all busy with its own cap, and still admits the others", () => {
    const registry = new SessionRegistry({ idleMs: 60_000, maxSessions: 100, maxSessionsPerCaller: 2, logger: silentLogger });
    const bob = addAll(registry, ["b1"], BOB);
    const alice = addAll(registry, ["a1", "a2"], ALICE);
    registry.busy("a1");
    registry.busy("a2");
    expect(registry.admit(ALICE)).toEqual({ cap: "caller", limit: 2, retryAfterSeconds: SESSION_RETRY_AFTER_SECONDS });
    expect(registry.admit(BOB)).toBeUndefined();
    expect(registry.admit(undefined)).toBeUndefined();
    expect([...closed(alice), ...closed(bob)]).toEqual([]);
  });

  it("counts callers by how they proved it and their subject", () => {
    const registry = new SessionRegistry({ idleMs: 60_000, maxSessions: 100, maxSessionsPerCaller: 1, logger: silentLogger });
    const token = addAll(registry, ["t"], ALICE);
    registry.busy("t");
    // An OAuth subject named like a static token is another caller.
    expect(registry.admit({ via: "oauth", subject: "alice", scopes: [] })).toBeUndefined();
    expect(registry.admit({ ...ALICE, scopes: ["other"] })).toMatchObject({ cap: "caller" });
    expect(closed(token)).toEqual([]);
  });

  it("gives the owner no cap of its own: it is bounded by the gateway's", () => {
    const registry = new SessionRegistry({ idleMs: 60_000, maxSessions: 4, maxSessionsPerCaller: 1, logger: silentLogger });
    const owner = addAll(registry, ["o1", "o2", "o3"]);
    expect(registry.admit(undefined)).toBeUndefined();
    expect(closed(owner)).toEqual([]);
    Object.assign(owner, addAll(registry, ["o4"]));
    expect(registry.admit(undefined)).toBeUndefined();
    expect(closed(owner)).toEqual(["o1"]);
  });

  it("at the gateway's cap, a caller under its own cap takes the room of the least recently active idle session", () => {
    const registry = new SessionRegistry({ idleMs: 60_000, maxSessions: 3, maxSessionsPerCaller: 2, logger: silentLogger });
    const bob = addAll(registry, ["b1", "b2"], BOB);
    const alice = addAll(registry, ["a1"], ALICE);
    expect(registry.admit(ALICE)).toBeUndefined();
    expect(closed(bob)).toEqual(["b1"]);
    Object.assign(alice, addAll(registry, ["a2"], ALICE));
    // Alice is at her cap now: her own oldest goes, though Bob's is older.
    expect(registry.admit(ALICE)).toBeUndefined();
    expect(closed(alice)).toEqual(["a1"]);
    expect(closed(bob)).toEqual(["b1"]);
  });

  it("keeps a flood of one caller to its own sessions: everyone else's survive", () => {
    const registry = new SessionRegistry({ idleMs: 60_000, maxSessions: 50, maxSessionsPerCaller: 10, logger: silentLogger });
    const others = { ...addAll(registry, ["b1", "b2", "b3"], BOB), ...addAll(registry, ["o1", "o2"]) };
    const flood: Record<string, TestSession> = {};
    for (let i = 0; i < 150; i++) {
      expect(registry.admit(ALICE)).toBeUndefined();
      Object.assign(flood, addAll(registry, [`a${i}`], ALICE));
    }
    expect(closed(others)).toEqual([]);
    expect(closed(flood)).toEqual(Array.from({ length: 140 }, (_, i) => `a${i}`));
    expect(registry.size).toBe(15);
  });

  it("keeps the gateway at its cap under a flood, the newest sessions staying", () => {
    const registry = new SessionRegistry({ idleMs: 60_000, maxSessions: 1_000, logger: silentLogger });
    const flood: Record<string, TestSession> = {};
    for (let i = 0; i < 3_000; i++) {
      expect(registry.admit(undefined)).toBeUndefined();
      Object.assign(flood, addAll(registry, [`s${i}`]));
    }
    expect(registry.size).toBe(1_000);
    expect(closed(flood)).toHaveLength(2_000);
    expect(registry.get("s1999")).toBeUndefined();
    expect(registry.get("s2000")).toBeDefined();
  });

  it("logs each eviction at info with the session id, the reason and the caller's subject", () => {
    const info = vi.fn();
    const registry = new SessionRegistry({ idleMs: 60_000, maxSessions: 10, maxSessionsPerCaller: 1, logger: { ...silentLogger, info } });
    addAll(registry, ["a1"], ALICE);
    registry.admit(ALICE);
    expect(info).toHaveBeenCalledWith("closing an abandoned session", { sessionId: "a1", transport: "streamable-http", reason: "caller-cap", subject: "alice" });
    const owner = new SessionRegistry({ idleMs: 60_000, maxSessions: 1, logger: { ...silentLogger, info } });
    addAll(owner, ["o1"]);
    owner.admit(undefined);
    expect(info).toHaveBeenLastCalledWith("closing an abandoned session", { sessionId: "o1", transport: "streamable-http", reason: "session-cap" });
  });

  it("refuses caps that are not whole numbers of at least 1", () => {
    for (const maxSessions of [0, -1, 1.5, Number.NaN]) {
      expect(() => new SessionRegistry({ idleMs: 1_000, maxSessions, logger: silentLogger }), String(maxSessions)).toThrow(expect.objectContaining({ code: "INVALID_ARGUMENT" }));
    }
    expect(() => new SessionRegistry({ idleMs: 1_000, maxSessionsPerCaller: 0, logger: silentLogger })).toThrow(expect.objectContaining({ code: "INVALID_ARGUMENT" }));
  });
});

describe("trackBody", () => {
  it("reports a cancelled body as done", async () => {
    const done = vi.fn();
    const stream = new ReadableStream<Uint8Array>({ start: () => {} });
    const tracked = trackBody(new Response(stream, { status: 200, headers: { "x-a": "1" } }), done);
    expect(tracked.headers.get("x-a")).toBe("1");
    await tracked.body?.cancel();
    expect(done).toHaveBeenCalledOnce();
  });

  it("reports a response without a body as done at once", () => {
    const done = vi.fn();
    trackBody(new Response(null, { status: 202 }), done);
    expect(done).toHaveBeenCalledOnce();
  });
});
