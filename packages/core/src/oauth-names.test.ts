import { describe, expect, it } from "vitest";
import { isOAuthSecretName, oauthTokensSecretName } from "./oauth-names.js";

describe("OAuth secret names", () => {
  it("names tokens under oauth/ and knows its own names", () => {
    expect(oauthTokensSecretName("github")).toBe("oauth/github");
    expect(isOAuthSecretName(oauthTokensSecretName("github"))).toBe(true);
    expect(isOAuthSecretName("github.personal_access_token")).toBe(false);
  });
});
