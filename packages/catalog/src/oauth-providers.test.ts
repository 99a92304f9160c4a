import { describe, expect, it } from "vitest";
import { isProviderName, oauthProviders } from "./oauth-providers.js";

describe("oauthProviders", () => {
  it("gives each provider the item's env, else that of the secret it names", () => {
    const entry = {
      secrets: [{ name: "github.personal_access_token", env: "GITHUB_PERSONAL_ACCESS_TOKEN" }],
      oauth: {
        providers: [
          { provider: "github", secret: "github.personal_access_token", issuer: "https://github.example" },
          { provider: "gitlab", env: "GITLAB_TOKEN" },
          { provider: "other", secret: "not.in.secrets" },
        ],
      },
    };
    expect(oauthProviders(entry)).toEqual([
      { provider: "github", env: "GITHUB_PERSONAL_ACCESS_TOKEN", secret: "github.personal_access_token", issuer: "https://github.example" },
      { provider: "gitlab", env: "GITLAB_TOKEN" },
      { provider: "other", secret: "not.in.secrets" },
    ]);
    expect(oauthProviders({})).toEqual([]);
  });

  it("takes names that can name a secret", () => {
    expect(isProviderName("github")).toBe(true);
    expect(isProviderName("clients/x")).toBe(false);
    expect(isProviderName("")).toBe(false);
  });
});
