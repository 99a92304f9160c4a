import { describe, expect, it } from "vitest";
import { normaliseSecretKey, secretKeyCandidates } from "./key-names.js";

describe("normaliseSecretKey", () => {
  it("upper-cases and turns each run of other characters into one underscore", () => {
    expect(normaliseSecretKey("github.personal_access_token")).toBe("GITHUB_PERSONAL_ACCESS_TOKEN");
    expect(normaliseSecretKey("atlassian.jira--api token")).toBe("ATLASSIAN_JIRA_API_TOKEN");
    expect(normaliseSecretKey("ALREADY_FINE")).toBe("ALREADY_FINE");
  });
});

describe("secretKeyCandidates", () => {
  it("tries the exact name first, then the normalised one, without repeats", () => {
    expect(secretKeyCandidates("github.token")).toEqual(["github.token", "GITHUB_TOKEN"]);
    expect(secretKeyCandidates("GITHUB_TOKEN")).toEqual(["GITHUB_TOKEN"]);
  });
});
