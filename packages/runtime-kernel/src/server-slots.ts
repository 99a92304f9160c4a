import { ErrorCode, GatewayError } from "@mcpgw/core";

interface Waiter {
  grant: () => void;
}

/**
 * A cap on how many servers of one name run at once. A connect past the cap waits in line for
 * a slot, and is refused with CAPACITY_EXCEEDED when none frees up in time.
 */
export class ServerSlots {
  readonly #max: number;
  readonly #waitMs: number;
  readonly #active = new Map<string, number>();
  readonly #queues = new Map<string, Waiter[]>();

  constructor(max: number, waitMs: number) {
    this.#max = max;
    this.#waitMs = waitMs;
  }

  /** Takes a slot for `server`; the returned function gives it back (once). */
  acquire(server: string, signal?: AbortSignal): Promise<() => void> {
    const release = this.#releaser(server);
    if ((this.#active.get(server) ?? 0) < this.#max) {
      this.#active.set(server, (this.#active.get(server) ?? 0) + 1);
      return Promise.resolve(release);
    }
    return new Promise((resolve, reject) => {
      const queue = this.#queues.get(server) ?? [];
      this.#queues.set(server, queue);
      // A waiter already granted is no longer queued: splice(-1) would drop someone else.
      const leave = () => {
        const index = queue.indexOf(waiter);
        if (index !== -1) queue.splice(index, 1);
      };
      const onAbort = () => {
        clearTimeout(timer);
        leave();
        reject(signal?.reason);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        leave();
        reject(
          new GatewayError(ErrorCode.CAPACITY_EXCEEDED, `all ${this.#max} instances of server "${server}" stayed busy for ${this.#waitMs} ms`, {
            data: { server, max: this.#max },
          }),
        );
      }, this.#waitMs);
      const waiter: Waiter = {
        grant: () => {
          clearTimeout(timer);
          signal?.removeEventListener("abort", onAbort);
          resolve(release);
        },
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      queue.push(waiter);
    });
  }

  #releaser(server: string): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#queues.get(server)?.shift();
      // The slot passes straight to the next in line, so the count stays the same.
      if (next) next.grant();
      else this.#active.set(server, (this.#active.get(server) ?? 1) - 1);
    };
  }
}
