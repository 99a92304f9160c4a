import { describe, expect, it } from "vitest";
import { templatePattern } from "./offerings.js";

describe("templatePattern", () => {
  it("matches the URIs of a template and nothing else", () => {
    const pattern = templatePattern("demo://resource/dynamic/text/{index}");
    expect(pattern.test("demo://resource/dynamic/text/3")).toBe(true);
    expect(pattern.test("demo://resource/dynamic/text/3/extra")).toBe(false);
    expect(templatePattern("file://{+path}").test("file:///a/b.txt")).toBe(true);
    expect(templatePattern("search://q{?term}").test("search://q?term=x")).toBe(true);
  });
});
