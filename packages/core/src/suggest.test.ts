import { describe, expect, it } from "vitest";
import { closestNames, didYouMean, editDistance } from "./suggest.js";

describe("closestNames", () => {
  it("finds typos and partial names, best first", () => {
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(closestNames("githb", ["github", "gitlab", "memory"])).toEqual(["github", "gitlab"]);
    expect(closestNames("github", ["github-official", "memory"])).toEqual(["github-official"]);
    expect(closestNames("zzz", ["github", "memory"])).toEqual([]);
  });

  it("phrases a suggestion", () => {
    expect(didYouMean("memry", ["memory", "notes"])).toBe(' Did you mean "memory"?');
    expect(didYouMean("x", [])).toBe("");
  });
});
