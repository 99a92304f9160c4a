// A closed loop: each worker sends its next call as soon as the previous one is answered, for a
// warm-up and then a fixed measured window. Bounded in time and in count. Rounds of several
// targets can be interleaved and merged, so that a change of background load hits all alike.
import type { LatencySummary } from "./stats.js";
import { summarize } from "./stats.js";

export interface ClosedLoopOptions {
  /** Calls made before measuring, per worker (JIT, connections, upstream start). */
  warmupCalls: number;
  /** How long the measured window lasts. */
  durationMs: number;
  /** A hard cap on measured calls per worker, whatever the duration. */
  maxCalls: number;
}

/** One measured window. */
export interface LoopRound {
  latencies: number[];
  seconds: number;
  errors: number;
  firstError?: string;
}

export interface ClosedLoopResult extends LatencySummary {
  callsPerSecond: number;
  errors: number;
  firstError?: string;
}

/** Runs `workers` loops of their `call` side by side for one measured window (after warm-up). */
export async function closedLoop(workers: readonly (() => Promise<void>)[], options: ClosedLoopOptions): Promise<LoopRound> {
  await Promise.all(
    workers.map(async (call) => {
      for (let i = 0; i < options.warmupCalls; i++) await call();
    }),
  );
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const start = performance.now();
  const deadline = start + options.durationMs;
  await Promise.all(
    workers.map(async (call) => {
      for (let n = 0; n < options.maxCalls; n++) {
        const t0 = performance.now();
        if (t0 >= deadline) break;
        try {
          await call();
          latencies.push(performance.now() - t0);
        } catch (error) {
          errors++;
          firstError ??= (error as Error).message;
          // A failing target must not spin: give it a moment.
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      }
    }),
  );
  return { latencies, seconds: (performance.now() - start) / 1000, errors, ...(firstError ? { firstError } : {}) };
}

/** Latencies and throughput over several rounds of the same target. */
export function mergeRounds(rounds: readonly LoopRound[]): ClosedLoopResult {
  const latencies = rounds.flatMap((r) => r.latencies);
  const seconds = rounds.reduce((s, r) => s + r.seconds, 0);
  const errors = rounds.reduce((s, r) => s + r.errors, 0);
  const firstError = rounds.find((r) => r.firstError)?.firstError;
  return { ...summarize(latencies), callsPerSecond: seconds > 0 ? latencies.length / seconds : 0, errors, ...(firstError ? { firstError } : {}) };
}
