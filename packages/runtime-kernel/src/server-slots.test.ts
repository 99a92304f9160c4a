import { describe, expect, it } from "vitest";
import { ServerSlots } from "./server-slots.js";

describe("ServerSlots", () => {
  it("lets at most the cap through, hands freed slots to waiters in order, and times out the rest", async () => {
    const slots = new ServerSlots(2, 200);
    const a = await slots.acquire("s");
    const b = await slots.acquire("s");
    const order: string[] = [];
    const c = slots.acquire("s").then((release) => (order.push("c"), release));
    const d = slots.acquire("s").then((release) => (order.push("d"), release));
    const other = await slots.acquire("t");
    a();
    a();
    const releaseC = await c;
    expect(order).toEqual(["c"]);
    b();
    const releaseD = await d;
    expect(order).toEqual(["c", "d"]);
    await expect(slots.acquire("s")).rejects.toMatchObject({ code: "CAPACITY_EXCEEDED" });
    releaseC();
    releaseD();
    other();
    const again = await slots.acquire("s");
    again();
  });

  it("takes a waiter out of line when its signal aborts", async () => {
    const slots = new ServerSlots(1, 10_000);
    const held = await slots.acquire("s");
    const controller = new AbortController();
    const waiting = slots.acquire("s", controller.signal);
    controller.abort(new Error("client went away"));
    await expect(waiting).rejects.toThrow("client went away");
    held();
    (await slots.acquire("s"))();
  });
});
