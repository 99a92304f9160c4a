import { silentLogger } from "@mcpgw/core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { collectGarbage } from "./heap-compaction.js";
import { SessionRegistry } from "./session-registry.js";

describe("collectGarbage", () => {
  it("collects what nothing references any more", async () => {
    const ref = new WeakRef({ payload: new Array(10_000).fill("x") });
    // A WeakRef's target is kept until the job that made it has ended.
    await new Promise((resolve) => setImmediate(resolve));
    expect(collectGarbage()).toBe(true);
    expect(ref.deref()).toBeUndefined();
  });
});

describe("compaction after a burst of abandoned sessions", () => {
  afterEach(() => void vi.useRealTimers());

  /** A registry whose compactions are counted, with `count` idle sessions in it. */
  function registryWith(count: number) {
    vi.useFakeTimers();
    let compactions = 0;
    const registry = new SessionRegistry({ idleMs: 1_000, logger: silentLogger, compactHeap: () => void compactions++ });
    for (let i = 0; i < count; i++) {
      const id = `s${i}`;
      registry.add({ id, kind: "streamable-http", principal: undefined, close: async () => void registry.delete(id) });
    }
    return { registry, compactions: () => compactions };
  }

  it("compacts once, when the reaper has closed a hundred sessions and nothing more closes", async () => {
    const { registry, compactions } = registryWith(100);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(registry.size).toBe(0);
    await vi.advanceTimersByTimeAsync(499);
    expect(compactions()).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(compactions()).toBe(1);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(compactions()).toBe(1);
  });

  it("leaves a few closed sessions to the garbage collector's own time", async () => {
    const { registry, compactions } = registryWith(99);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(registry.size).toBe(0);
    expect(compactions()).toBe(0);
  });

  it("counts sessions closed to make room at the cap too", async () => {
    vi.useFakeTimers();
    let compactions = 0;
    const registry = new SessionRegistry({ idleMs: 600_000, maxSessions: 10, logger: silentLogger, compactHeap: () => void compactions++ });
    for (let i = 0; i < 110; i++) {
      const id = `s${i}`;
      expect(registry.admit(undefined)).toBeUndefined();
      registry.add({ id, kind: "streamable-http", principal: undefined, close: async () => void registry.delete(id) });
    }
    expect(registry.size).toBe(10);
    await vi.advanceTimersByTimeAsync(500);
    expect(compactions).toBe(1);
  });

  it("compacts during a flood that never pauses, each time it has closed as many sessions as the cap", () => {
    vi.useFakeTimers();
    let compactions = 0;
    const registry = new SessionRegistry({ idleMs: 600_000, maxSessions: 150, logger: silentLogger, compactHeap: () => void compactions++ });
    const open = (i: number) => {
      const id = `s${i}`;
      registry.admit(undefined);
      registry.add({ id, kind: "streamable-http", principal: undefined, close: async () => void registry.delete(id) });
    };
    for (let i = 0; i < 150 + 149; i++) open(i);
    expect(compactions).toBe(0);
    open(299);
    expect(compactions).toBe(1);
    for (let i = 300; i < 450; i++) open(i);
    expect(compactions).toBe(2);
  });
});
