import { describe, expect, it } from "vitest";
import { CallCancellation, toAbortSignal } from "./cancellation.js";

describe("CallCancellation", () => {
  it("calls each listener still there once, at the first abort, with the reason kept", () => {
    const cancellation = new CallCancellation();
    const heard: string[] = [];
    const removed = () => heard.push("removed");
    cancellation.addEventListener("abort", () => heard.push(`first ${String(cancellation.reason)}`));
    cancellation.addEventListener("abort", removed);
    cancellation.addEventListener("abort", () => heard.push("second"), { once: true });
    cancellation.removeEventListener("abort", removed);
    expect(cancellation.aborted).toBe(false);
    cancellation.abort("the user pressed stop");
    cancellation.abort("again");
    expect(heard).toEqual(["first the user pressed stop", "second"]);
    expect(cancellation.aborted).toBe(true);
    expect(cancellation.reason).toBe("the user pressed stop");
  });

  it("gives an AbortError as its reason when aborted without one, as AbortController does", () => {
    const cancellation = new CallCancellation();
    cancellation.abort();
    expect(cancellation.reason).toBeInstanceOf(DOMException);
    expect((cancellation.reason as DOMException).name).toBe("AbortError");
  });
});

describe("toAbortSignal", () => {
  it("gives an AbortSignal as it is, and makes one that follows a call's cancellation", () => {
    const signal = new AbortController().signal;
    expect(toAbortSignal(signal)).toBe(signal);

    const cancellation = new CallCancellation();
    const made = toAbortSignal(cancellation);
    expect(made).toBeInstanceOf(AbortSignal);
    expect(made.aborted).toBe(false);
    cancellation.abort("gone");
    expect(made.aborted).toBe(true);
    expect(made.reason).toBe("gone");

    const late = new CallCancellation();
    late.abort("before");
    expect(toAbortSignal(late).reason).toBe("before");
  });
});
