import { describe, expect, it } from "vitest";
import type { EnginePullEvent } from "./pull-progress.js";
import { describePull, PullProgress } from "./pull-progress.js";

/** What engine 20.10 sent for a pull of an image of two layers, one of them present already. */
const PULL: EnginePullEvent[] = [
  { status: "Pulling from mcp/fresh", id: "1" },
  { status: "Already exists", progressDetail: {}, id: "a9ff147e12e1" },
  { status: "Pulling fs layer", progressDetail: {}, id: "353d1b2a8a3e" },
  { status: "Downloading", progressDetail: { current: 69213, total: 4195736 }, id: "353d1b2a8a3e" },
  { status: "Verifying Checksum", progressDetail: {}, id: "353d1b2a8a3e" },
  { status: "Download complete", progressDetail: {}, id: "353d1b2a8a3e" },
  { status: "Extracting", progressDetail: { current: 65536, total: 4195736 }, id: "353d1b2a8a3e" },
  { status: "Extracting", progressDetail: { current: 4195736, total: 4195736 }, id: "353d1b2a8a3e" },
  { status: "Pull complete", progressDetail: {}, id: "353d1b2a8a3e" },
  { status: "Digest: sha256:d5a5f8a3f19e7f65fcaca558cfb2b077d28a838532a06418403f62a583151a41" },
  { status: "Status: Downloaded newer image for 127.0.0.1:36305/mcp/fresh:1" },
];

describe("PullProgress", () => {
  it("keeps each layer's latest state, and only layers", () => {
    const progress = new PullProgress();
    const changed = PULL.map((event) => progress.take(event));
    expect(changed).toEqual([false, true, true, true, true, true, true, true, true, false, false]);
    expect(progress.layers).toEqual([
      { id: "a9ff147e12e1", status: "Already exists" },
      { id: "353d1b2a8a3e", status: "Pull complete" },
    ]);
  });

  it("carries the bytes of a step under way", () => {
    const progress = new PullProgress();
    for (const event of PULL.slice(0, 4)) progress.take(event);
    expect(progress.layers[1]).toEqual({ id: "353d1b2a8a3e", status: "Downloading", current: 69213, total: 4195736 });
  });

  it("counts the layers, those present already, and the bytes downloaded", () => {
    const progress = new PullProgress();
    for (const event of PULL) progress.take(event);
    expect(progress.finished("127.0.0.1:36305/mcp/fresh:1", 2345)).toEqual({
      kind: "pulled",
      image: "127.0.0.1:36305/mcp/fresh:1",
      layers: 2,
      present: 1,
      bytes: 4195736,
      durationMs: 2345,
    });
  });

  it("does not take a tag that looks like a layer id for one", () => {
    expect(new PullProgress().take({ status: "Pulling from mcp/fresh", id: "a9ff147e12e1" })).toBe(false);
  });
});

describe("describePull", () => {
  it("says in one line what was pulled, how much, and how long it took", () => {
    expect(describePull({ kind: "pulled", image: "127.0.0.1:5000/mcp/everything:1", layers: 3, present: 0, bytes: 41_234_567, durationMs: 2_340 })).toBe(
      "pulled 127.0.0.1:5000/mcp/everything:1 (3 layers, 41.2 MB) in 2.3 s",
    );
    expect(describePull({ kind: "pulled", image: "mcp/x:1", layers: 2, present: 1, bytes: 4_195_736, durationMs: 870 })).toBe("pulled mcp/x:1 (2 layers, 1 already present, 4.2 MB) in 0.9 s");
    expect(describePull({ kind: "pulled", image: "mcp/x:1", layers: 1, present: 1, bytes: 0, durationMs: 120 })).toBe("pulled mcp/x:1 (1 layer, 1 already present) in 0.1 s");
  });

  it("says an image that needed nothing was up to date", () => {
    expect(describePull({ kind: "pulled", image: "mcp/x:1", layers: 0, present: 0, bytes: 0, durationMs: 60 })).toBe("pulled mcp/x:1 (up to date) in 0.1 s");
  });
});
