import { describe, expect, it } from "vitest";
import { stem, tokenize } from "./tokenize.js";

describe("tokenize", () => {
  it("splits identifiers the way prose would say them", () => {
    expect(tokenize("get_pull_request")).toEqual(tokenize("get pull request"));
    expect(tokenize("get-pull-request")).toEqual(["get", "pull", "request"]);
    expect(tokenize("atlassian.jira/search")).toEqual(["atlassian", "jira", "search"]);
    expect(tokenize("API-post-page")).toEqual(["api", "post", "page"]);
  });

  it("splits camelCase and PascalCase, keeping the whole word as well", () => {
    expect(tokenize("listIssues")).toEqual(["listissu", "list", "issu"]);
    expect(tokenize("listIssues")).toEqual(expect.arrayContaining(tokenize("list issues")));
    expect(tokenize("HTMLParser")).toEqual(["htmlparser", "html", "parser"]);
    // A brand written in camel case is found written either way.
    expect(tokenize("GitHub")).toEqual(["github", "git", "hub"]);
    expect(tokenize("GitHub")).toContain(tokenize("github")[0]);
  });

  it("lowercases, drops stop words and single letters, and keeps numbers", () => {
    expect(tokenize("Search THE Web for a page")).toEqual(["search", "web", "page"]);
    expect(tokenize("x y 5 day forecast")).toEqual(["5", "day", "forecast"]);
    expect(tokenize("upload to S3 in 2026")).toEqual(["upload", "s3", "2026"]);
    expect(tokenize("base64Encode")).toEqual(["base64encode", "base64", "encod"]);
  });

  it("gives nothing for text without words", () => {
    expect(tokenize("")).toEqual([]);
    expect(tokenize("  -- __ .. ")).toEqual([]);
    expect(tokenize("the of and to")).toEqual([]);
  });

  it("repeats a repeated word, so that the index can count it", () => {
    expect(tokenize("page pages")).toEqual(["page", "page"]);
  });

  it("reads letters beyond ASCII", () => {
    expect(tokenize("Café_Übersicht")).toEqual(["café", "übersicht"]);
  });
});

describe("stem", () => {
  /** Each pair's words have one stem. */
  const sameStem = (pairs: readonly [string, string][]) => {
    for (const [word, base] of pairs) expect(stem(word), word).toBe(stem(base));
  };

  it("maps plurals to their singular's stem", () => {
    sameStem([
      ["files", "file"],
      ["queries", "query"],
      ["directories", "directory"],
      ["messages", "message"],
      ["fetches", "fetch"],
      ["boxes", "box"],
      ["processes", "process"],
      ["channels", "channel"],
    ]);
  });

  it("maps -ing and -ed forms to the verb's stem", () => {
    sameStem([
      ["created", "create"],
      ["creating", "create"],
      ["listing", "list"],
      ["running", "run"],
      ["mapped", "map"],
      ["embedded", "embed"],
    ]);
  });

  it("leaves alone words whose ending is their own", () => {
    for (const word of ["status", "analysis", "class", "string", "thing", "need", "embed", "speed", "pass", "run", "s3"]) {
      expect(stem(word)).toBe(word);
    }
    expect(stem("strings")).toBe("string");
  });
});
