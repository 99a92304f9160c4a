import type { ImagePullEvent } from "@mcpgw/core";
import { describe, expect, it } from "vitest";
import { createPullDisplay } from "./pull-display.js";

/** A terminal that keeps what is written to it, write by write. */
function terminal(columns = 100) {
  const writes: string[] = [];
  return { writes, isTTY: true, columns, write: (text: string) => void writes.push(text) };
}

const IMAGE = "127.0.0.1:5000/mcp/everything:1";
const started: ImagePullEvent = { kind: "started", image: IMAGE, owner: 'server "everything"' };
const downloading: ImagePullEvent = {
  kind: "progress",
  image: IMAGE,
  layers: [
    { id: "a9ff147e12e1", status: "Already exists" },
    { id: "353d1b2a8a3e", status: "Downloading", current: 1_048_934, total: 4_195_736 },
  ],
};

describe("createPullDisplay", () => {
  it("draws the image and a line per layer, with a bar and bytes while a layer downloads, redrawn in place", () => {
    const tty = terminal();
    const display = createPullDisplay(tty);
    display.onPull(started);
    display.onPull(downloading);
    expect(tty.writes).toEqual([
      `${IMAGE}\n`,
      "\x1b[1A\x1b[J" +
        `${IMAGE}\n` +
        "  a9ff147e12e1  Already exists\n" +
        "  353d1b2a8a3e  Downloading       [======>                 ] 1.0 MB/4.2 MB\n",
    ]);
  });

  it("writes log lines above the bars and draws the bars again below them", () => {
    const tty = terminal();
    const display = createPullDisplay(tty);
    display.onPull(started);
    display.lines.write("info  a call\n");
    expect(tty.writes.at(-1)).toBe(`\x1b[1A\x1b[Jinfo  a call\n${IMAGE}\n`);
  });

  it("clears an image's lines when its pull ends, and then lets log lines through as they are", () => {
    const tty = terminal();
    const display = createPullDisplay(tty);
    display.onPull(started);
    display.onPull(downloading);
    display.onPull({ kind: "pulled", image: IMAGE, layers: 2, present: 1, bytes: 4_195_736, durationMs: 2_300 });
    expect(tty.writes.at(-1)).toBe("\x1b[3A\x1b[J");
    display.lines.write("info  pulled it\n");
    expect(tty.writes.at(-1)).toBe("info  pulled it\n");
    display.onPull({ kind: "started", image: "mcp/other:1", owner: "x" });
    display.onPull({ kind: "failed", image: "mcp/other:1", reason: "manifest unknown" });
    expect(tty.writes.slice(-2)).toEqual(["mcp/other:1\n", "\x1b[1A\x1b[J"]);
  });

  it("draws every pull under way, each under its image", () => {
    const tty = terminal();
    const display = createPullDisplay(tty);
    display.onPull(started);
    display.onPull({ kind: "started", image: "mcp/other:1", owner: "x" });
    display.onPull({ kind: "progress", image: "mcp/other:1", layers: [{ id: "0123456789ab", status: "Waiting" }] });
    expect(tty.writes.at(-1)).toBe(`\x1b[2A\x1b[J${IMAGE}\nmcp/other:1\n  0123456789ab  Waiting\n`);
  });

  it("cuts lines to the terminal's width, so that none wraps", () => {
    const tty = terminal(20);
    const display = createPullDisplay(tty);
    display.onPull(downloading);
    expect(tty.writes.at(-1)!.split("\n")).toEqual([IMAGE.slice(0, 19), "  a9ff147e12e1  Alr", "  353d1b2a8a3e  Dow", ""]);
  });
});
