import { describe, expect, it } from "vitest";
import { createToolFilter, matchesGlob, parseToolPattern, toolPatternProblem } from "./tool-pattern.js";

describe("tool patterns", () => {
  it("reads *, tool, server:tool and server:*", () => {
    expect(createToolFilter([])("a", "x")).toBe(true);
    expect(createToolFilter(["*"])("a", "x")).toBe(true);
    const filter = createToolFilter(["echo", "github:create_issue", "clock:*"]);
    expect(filter("everything", "echo")).toBe(true);
    expect(filter("github", "create_issue")).toBe(true);
    expect(filter("github", "delete_repo")).toBe(false);
    expect(filter("clock", "now")).toBe(true);
    expect(filter("notes", "now")).toBe(false);
  });

  it("globs with * inside a part", () => {
    const filter = createToolFilter(["notes:delete_*", "*_note", "g*b:*"]);
    expect(filter("notes", "delete_note")).toBe(true);
    expect(filter("notes", "delete_all")).toBe(true);
    expect(filter("notes", "undelete_x")).toBe(false);
    expect(filter("other", "get_note")).toBe(true);
    expect(filter("github", "anything")).toBe(true);
    expect(filter("gitea", "anything")).toBe(false);
    expect(matchesGlob("a*b*c", "abc")).toBe(true);
    expect(matchesGlob("a*b*c", "aXbYc")).toBe(true);
    expect(matchesGlob("ab*ba", "aba")).toBe(false);
    expect(matchesGlob("*@example.com", "alice@example.com")).toBe(true);
    expect(matchesGlob("*@example.com", "alice@example.org")).toBe(false);
  });

  it("tells a pattern that names a server from a bare tool", () => {
    expect(parseToolPattern("echo")).toEqual({ text: "echo", server: "*", tool: "echo", namesServer: false });
    expect(parseToolPattern("notes:*")).toEqual({ text: "notes:*", server: "notes", tool: "*", namesServer: true });
  });

  it("says what is wrong with a malformed pattern", () => {
    for (const good of ["*", "echo", "notes:*", "notes:get_note", "*:echo", "notes:delete_*"]) expect(toolPatternProblem(good)).toBeUndefined();
    expect(toolPatternProblem("")).toMatch(/empty/);
    expect(toolPatternProblem("notes:")).toMatch(/empty part/);
    expect(toolPatternProblem(":echo")).toMatch(/empty part/);
    expect(toolPatternProblem("a:b:c")).toMatch(/more than one/);
    expect(toolPatternProblem("get note")).toMatch(/blanks/);
  });
});
