import { describe, expect, it } from "vitest";
import { assignNames, safeName } from "./naming.js";

const item = (server: string, name: string, prefix = server) => ({ server, prefix, name });

describe("tool names", () => {
  it("keeps names within [A-Za-z0-9_.-] and 64 characters, shortening deterministically", () => {
    expect(safeName("git:status")).toBe("git_status");
    const long = "x".repeat(100);
    expect(safeName(long)).toHaveLength(64);
    expect(safeName(long)).toBe(safeName(long));
    expect(safeName(long)).not.toBe(safeName(`${long}y`));
  });

  it("auto prefixes only colliding names, with the catalog's prefix when given", () => {
    const { byName } = assignNames([item("github", "search", "gh"), item("gitlab", "search"), item("github", "create_issue", "gh")], "auto");
    expect([...byName.keys()]).toEqual(["gh__search", "gitlab__search", "create_issue"]);
    expect(byName.get("gh__search")).toMatchObject({ server: "github", name: "search" });
  });

  it("always prefixes every name; never drops a later duplicate instead of failing", () => {
    expect([...assignNames([item("a", "x"), item("b", "y")], "always").byName.keys()]).toEqual(["a__x", "b__y"]);
    const never = assignNames([item("a", "x"), item("b", "x")], "never");
    expect([...never.byName.keys()]).toEqual(["x"]);
    expect(never.dropped).toEqual([item("b", "x")]);
  });

  it("resolves a plain name that equals another's prefixed one", () => {
    const { byName } = assignNames([item("a", "t"), item("b", "t"), item("c", "a__t")], "auto");
    expect(byName.size).toBe(3);
  });
});
