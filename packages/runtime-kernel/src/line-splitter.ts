// Newline-delimited framing over a byte stream, as MCP's stdio binding has it. A line that ends
// in the chunk it started in is decoded straight from that chunk; a line that spans chunks is
// kept as the chunks' bytes and joined once, when its newline comes, so a large message costs
// one copy and one decode however many reads it took, and a character split between two reads
// is decoded whole.

/** What a {@link LineSplitter} calls back with. */
export interface LineSplitterOptions {
  /** A line longer than this is not kept: `onOverflow` runs and the rest of it is skipped. */
  maxLineBytes: number;
  /** One complete line, decoded as UTF-8, without its `\n` (a `\r` before it stays). */
  onLine(line: string): void;
  /** The line being read passed `maxLineBytes`. */
  onOverflow(): void;
}

/** Splits the chunks of a byte stream into lines. */
export class LineSplitter {
  readonly #options: LineSplitterOptions;
  /** The bytes of the line not yet ended, as they came. */
  #pieces: Buffer[] = [];
  #buffered = 0;
  /** The line being read overflowed: everything up to its newline is dropped. */
  #skipping = false;

  constructor(options: LineSplitterOptions) {
    this.#options = options;
  }

  /** Feeds the next chunk of the stream. */
  push(chunk: Buffer): void {
    const { maxLineBytes } = this.#options;
    let start = 0;
    for (let newline = chunk.indexOf(10); newline !== -1; newline = chunk.indexOf(10, start)) {
      const from = start;
      start = newline + 1;
      if (this.#skipping) {
        this.#skipping = false;
        continue;
      }
      if (this.#buffered + newline - from > maxLineBytes) {
        this.reset();
        this.#options.onOverflow();
        continue;
      }
      if (this.#buffered === 0) {
        this.#options.onLine(chunk.toString("utf8", from, newline));
        continue;
      }
      this.#pieces.push(chunk.subarray(from, newline));
      const line = Buffer.concat(this.#pieces, this.#buffered + newline - from);
      this.reset();
      this.#options.onLine(line.toString("utf8"));
    }
    if (start === chunk.length || this.#skipping) return;
    this.#buffered += chunk.length - start;
    if (this.#buffered > maxLineBytes) {
      this.reset();
      this.#skipping = true;
      this.#options.onOverflow();
      return;
    }
    this.#pieces.push(start === 0 ? chunk : chunk.subarray(start));
  }

  /** Forgets the line not yet ended. */
  reset(): void {
    this.#pieces = [];
    this.#buffered = 0;
    this.#skipping = false;
  }
}
