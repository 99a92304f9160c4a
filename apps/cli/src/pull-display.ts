import { Writable } from "node:stream";
import type { ImagePullEvent, LayerProgress } from "@mcpgw/core";
import { formatBytes } from "@mcpgw/core";

/** Where the display draws: the CLI's stderr when it is a terminal. */
export interface Terminal {
  write(text: string): unknown;
  /** Its width; lines are cut to fit, since a wrapped line would spoil redrawing in place. */
  columns?: number | undefined;
}

/** Image pulls drawn on a terminal as a progress bar per layer, redrawn in place. */
export interface PullDisplay {
  /** Takes every step of every pull (`GatewayOptions.onPull`). */
  onPull(event: ImagePullEvent): void;
  /**
   * Where log lines go while the display is on (give it to the logger): each line is written
   * above the bars, which are drawn again below it.
   */
  readonly lines: Writable;
}

const BAR_WIDTH = 24;
/** Moves the cursor up `n` lines, to the first line of the bars, and erases from there down. */
const erase = (n: number) => (n > 0 ? `\x1b[${n}A\x1b[J` : "");

/**
 * A progress display of image pulls for a terminal, drawn with ANSI cursor moves only: under the
 * lines already printed, each image being pulled and a line per layer (its id, the engine's
 * status, and a bar with bytes done and total while a layer downloads or extracts). The lines of
 * an image go once its pull has ended; the log says how it ended.
 * @example
 * const display = createPullDisplay(process.stderr);
 * await createGateway({ onPull: display.onPull, logger: createStreamLogger(display.lines) });
 */
export function createPullDisplay(terminal: Terminal): PullDisplay {
  const pulls = new Map<string, readonly LayerProgress[]>();
  let drawn = 0;
  const draw = (above = "") => {
    const width = terminal.columns !== undefined && terminal.columns > 1 ? terminal.columns - 1 : Infinity;
    const frame = [...pulls].flatMap(([image, layers]) => [image, ...layers.map(layerLine)]).map((line) => (line.length > width ? line.slice(0, width) : line));
    const text = `${erase(drawn)}${above}${frame.map((line) => `${line}\n`).join("")}`;
    drawn = frame.length;
    if (text !== "") terminal.write(text);
  };
  return {
    onPull(event) {
      if (event.kind === "started") pulls.set(event.image, []);
      else if (event.kind === "progress") pulls.set(event.image, event.layers);
      else pulls.delete(event.image);
      draw();
    },
    lines: new Writable({
      decodeStrings: false,
      write(chunk: string | Buffer, _encoding, done) {
        draw(String(chunk));
        done();
      },
    }),
  };
}

/** `  353d1b2a8a3e  Downloading   [=====>        ]  1.2 MB/4.2 MB` */
function layerLine(layer: LayerProgress): string {
  const { current, total } = layer;
  const head = `  ${layer.id}  ${layer.status}`;
  if (current === undefined || total === undefined) return head;
  const filled = Math.min(BAR_WIDTH, Math.floor((current / total) * BAR_WIDTH));
  const bar = "=".repeat(filled) + (filled < BAR_WIDTH ? `>${" ".repeat(BAR_WIDTH - filled - 1)}` : "");
  return `${head.padEnd(34)}[${bar}] ${formatBytes(current)}/${formatBytes(total)}`;
}
