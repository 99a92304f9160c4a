// After hundreds of abandoned sessions are closed at once (by the reaper, or to make room at the
// session cap), their memory is garbage in the old generation, and V8 gives it back to the
// system only when it next collects it fully: with no load after a burst, that can take
// minutes, and the gateway's RSS stays at its peak. Once such a burst is over, one full
// collection returns it at once: a pause of tens of milliseconds, at a moment nothing is asked.
// A flood that never pauses (new sessions evicting old ones at the cap) is compacted each time
// it has closed as many sessions as the cap allows, so that it holds at most that many
// sessions' garbage besides the live ones.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** Closed sessions it takes before a quiet moment is used to compact. */
const BURST = 100;
/** How long without a close makes a burst over. */
const QUIET_MS = 500;

let collect: (() => void) | null | undefined;

/** A full garbage collection of this process's heap; `false` when V8 refuses to expose one. */
export function collectGarbage(): boolean {
  if (collect === undefined) {
    try {
      setFlagsFromString("--expose-gc");
      collect = runInNewContext("gc") as () => void;
    } catch {
      collect = null;
    }
  }
  collect?.();
  return collect !== null;
}

/** Counts closed sessions; compacts the heap after a burst of them (see above). */
export class CompactionAfterBursts {
  #closed = 0;
  #timer: NodeJS.Timeout | undefined;

  /** `flood`: closes that make a compaction due with no pause (the session cap). */
  constructor(
    private readonly compact: () => void = () => void collectGarbage(),
    private readonly flood = Number.POSITIVE_INFINITY,
  ) {}

  /** One more session was closed. */
  closed(): void {
    this.#closed++;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#closed >= Math.max(BURST, this.flood)) {
      this.#compactNow();
      return;
    }
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (this.#closed >= BURST) this.#compactNow();
    }, QUIET_MS);
    this.#timer.unref();
  }

  #compactNow(): void {
    this.#closed = 0;
    this.compact();
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
