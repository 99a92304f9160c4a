import { describe, expect, it } from "vitest";
import { Subscriptions } from "./subscriptions.js";

const up = (name: string) => ({ name });

describe("Subscriptions", () => {
  it("watches a URI from its first listener to its last", () => {
    const books = new Subscriptions<{ name: string }>();
    const a = up("a");
    expect(books.watched(a, "x://1")).toBe(false);
    books.add(a, "x://1", "s1");
    books.add(a, "x://1", "s2");
    expect(books.watched(a, "x://1")).toBe(true);
    expect(books.targets(a, "x://1").sort()).toEqual(["s1", "s2"]);
    expect(books.remove("x://1", "s1")).toEqual([]);
    expect(books.remove("x://1", "s2")).toEqual([a]);
    expect(books.watched(a, "x://1")).toBe(false);
    expect(books.targets(a, "x://1")).toEqual([]);
  });

  it("keeps upstreams apart: the same URI on two upstreams has its own listeners", () => {
    const books = new Subscriptions<{ name: string }>();
    const [a, b] = [up("a"), up("b")];
    books.add(a, "x://1", "s1");
    books.add(b, "x://1", "s2");
    expect(books.targets(a, "x://1")).toEqual(["s1"]);
    expect(books.targets(b, "x://1")).toEqual(["s2"]);
    // A session that never listened leaves nothing to unsubscribe.
    expect(books.remove("x://1", "s3")).toEqual([]);
  });

  it("ends every subscription of a closed session, naming what nobody listens to any more", () => {
    const books = new Subscriptions<{ name: string }>();
    const [a, b] = [up("a"), up("b")];
    books.add(a, "x://1", "s1");
    books.add(a, "x://2", "s1");
    books.add(a, "x://2", "s2");
    books.add(b, "y://1", "s1");
    expect(books.sessionClosed("s1")).toEqual([
      { upstream: a, uri: "x://1" },
      { upstream: b, uri: "y://1" },
    ]);
    expect(books.targets(a, "x://2")).toEqual(["s2"]);
    expect(books.sessionClosed("s1")).toEqual([]);
  });
});
