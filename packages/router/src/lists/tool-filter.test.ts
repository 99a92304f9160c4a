import { describe, expect, it } from "vitest";
import { createToolFilter } from "./tool-filter.js";

describe("--tools patterns", () => {
  it("reads *, tool, server:tool and server:*", () => {
    expect(createToolFilter([])("a", "x")).toBe(true);
    expect(createToolFilter(["*"])("a", "x")).toBe(true);
    const filter = createToolFilter(["echo", "github:create_issue", "clock:*"]);
    expect(filter("everything", "echo")).toBe(true);
    expect(filter("github", "create_issue")).toBe(true);
    expect(filter("github", "delete_repo")).toBe(false);
    expect(filter("clock", "now")).toBe(true);
  });
});
