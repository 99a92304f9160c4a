import { describe, expect, it } from "vitest";
import { LineSplitter } from "./line-splitter.js";

function splitter(maxLineBytes = 1024) {
  const lines: string[] = [];
  let overflows = 0;
  const split = new LineSplitter({ maxLineBytes, onLine: (line) => lines.push(line), onOverflow: () => overflows++ });
  return { split, lines, overflows: () => overflows };
}

describe("LineSplitter", () => {
  it("gives every complete line of a chunk and keeps the rest for the next", () => {
    const { split, lines } = splitter();
    split.push(Buffer.from("one\ntwo\r\nthr"));
    expect(lines).toEqual(["one", "two\r"]);
    split.push(Buffer.from("ee"));
    split.push(Buffer.from("\n\nfour"));
    expect(lines).toEqual(["one", "two\r", "three", ""]);
  });

  it("decodes a character split between chunks at any byte whole", () => {
    const text = "a€😀é";
    const bytes = Buffer.from(`${text}\n`);
    for (let cut = 1; cut < bytes.length - 1; cut++) {
      const { split, lines } = splitter();
      split.push(bytes.subarray(0, cut));
      split.push(bytes.subarray(cut));
      expect(lines, `cut at ${cut}`).toEqual([text]);
    }
  });

  it("joins a line of many chunks once", () => {
    const { split, lines } = splitter(1 << 20);
    const line = "x".repeat(300_000);
    for (let at = 0; at < line.length; at += 7_000) split.push(Buffer.from(line.slice(at, at + 7_000)));
    split.push(Buffer.from("\nnext\n"));
    expect(lines).toEqual([line, "next"]);
  });

  it("reports a line longer than the limit once and skips it to its end", () => {
    const { split, lines, overflows } = splitter(8);
    split.push(Buffer.from("12345"));
    split.push(Buffer.from("6789"));
    split.push(Buffer.from("more of it"));
    split.push(Buffer.from("\nshort\n123456789\nok\n"));
    expect(lines).toEqual(["short", "ok"]);
    expect(overflows()).toBe(2);
  });

  it("forgets a partial line on reset", () => {
    const { split, lines } = splitter();
    split.push(Buffer.from("half"));
    split.reset();
    split.push(Buffer.from("whole\n"));
    expect(lines).toEqual(["whole"]);
  });
});
