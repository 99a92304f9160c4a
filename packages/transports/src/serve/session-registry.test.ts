import { silentLogger } from "@mcpgw/core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SessionRegistry, trackBody } from "./session-registry.js";
import type { LiveSession } from "./session-registry.js";

function session(id: string, registry: SessionRegistry): LiveSession & { closes: number } {
  const live = {
    id,
    kind: "streamable-http" as const,
    closes: 0,
    async close() {
      live.closes++;
      registry.delete(id);
    },
  };
  return live;
}

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
