// How a call learns that its client gave up. The router watches only this much of an
// AbortSignal, so the SDK's per-request signals serve as they are, while a fast-lane call gets a
// `CallCancellation`: a flag and a list of listeners, where an AbortSignal costs an EventTarget
// (more than the rest of the lane's work for a call). A real AbortSignal is made from it only
// where one is handed to code outside the router (a connector starting a server, an OAuth wait).

/** The part of an AbortSignal the router uses. */
export interface CancelSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: "abort", listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: "abort", listener: () => void): void;
}

/** A call's cancellation, for calls the SDK does not make a signal for. */
export class CallCancellation implements CancelSignal {
  #aborted = false;
  #reason: unknown;
  #listeners: (() => void)[] | undefined;

  get aborted(): boolean {
    return this.#aborted;
  }

  get reason(): unknown {
    return this.#reason;
  }

  /** Every listener is called once, at the abort, whether or not it asked for `once`. */
  addEventListener(_type: "abort", listener: () => void, _options?: { once?: boolean }): void {
    if (!this.#aborted) (this.#listeners ??= []).push(listener);
  }

  removeEventListener(_type: "abort", listener: () => void): void {
    const listeners = this.#listeners;
    const at = listeners?.indexOf(listener) ?? -1;
    if (at >= 0) listeners!.splice(at, 1);
  }

  /** Aborts, with `reason` or, as AbortController does, an `AbortError`. */
  abort(reason: unknown = new DOMException("This operation was aborted", "AbortError")): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    const listeners = this.#listeners ?? [];
    this.#listeners = undefined;
    for (const listener of listeners) listener();
  }
}

/** `signal` as an AbortSignal, for code outside the router: itself when it is one. */
export function toAbortSignal(signal: CancelSignal): AbortSignal {
  if (signal instanceof AbortSignal) return signal;
  const controller = new AbortController();
  if (signal.aborted) controller.abort(signal.reason);
  else signal.addEventListener("abort", () => controller.abort(signal.reason), { once: true });
  return controller.signal;
}
