import { describe, expect, it } from "vitest";
import { createEnvProvider } from "./env-provider.js";

describe("createEnvProvider", () => {
  it("finds a Docker-style name by its exact name first, then its normalised form", async () => {
    const env = { "github.personal_access_token": "exact", GITHUB_PERSONAL_ACCESS_TOKEN: "normalised" };
    const provider = createEnvProvider(env);
    expect(provider.name).toBe("env");
    expect(await provider.get("github.personal_access_token")).toBe("exact");
    expect(await createEnvProvider({ GITHUB_PERSONAL_ACCESS_TOKEN: "normalised" }).get("github.personal_access_token")).toBe(
      "normalised",
    );
  });

  it("treats empty values and inherited properties as not set", async () => {
    const provider = createEnvProvider({ EMPTY: "", SET: "x" });
    expect(await provider.get("EMPTY")).toBeUndefined();
    expect(await provider.get("constructor")).toBeUndefined();
    expect(await provider.get("toString")).toBeUndefined();
    expect(await provider.list()).toEqual(["SET"]);
  });
});
