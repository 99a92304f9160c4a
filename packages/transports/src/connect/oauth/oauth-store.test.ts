import { describe, expect, it } from "vitest";
import { memorySecrets } from "../../testing/memory-oauth-store.js";
import type { StoredTokens } from "./oauth-store.js";
import { createOAuthStore, isOAuthSecretName } from "./oauth-store.js";

const tokens: StoredTokens = { accessToken: "at", tokenType: "Bearer", refreshToken: "rt", expiresAt: 1, scope: ["a"], issuer: "https://as.example", clientId: "c", resource: "https://mcp.example/mcp" };

describe("the OAuth store", () => {
  it("keeps a server's tokens under oauth/<server> and forgets them", async () => {
    const secrets = memorySecrets();
    const store = createOAuthStore(secrets);
    await store.saveTokens("notes", tokens);
    expect([...secrets.entries.keys()]).toEqual(["oauth/notes"]);
    expect(await store.tokens("notes")).toEqual(tokens);
    expect(await store.tokens("other")).toBeUndefined();
    expect(await store.forgetTokens("notes")).toBe(true);
    expect(await store.forgetTokens("notes")).toBe(false);
    expect(await store.tokens("notes")).toBeUndefined();
  });

  it("keeps a provider's tokens, which name no resource", async () => {
    const store = createOAuthStore(memorySecrets());
    const { resource: _, ...provider } = tokens;
    await store.saveTokens("github", provider);
    expect(await store.tokens("github")).toEqual(provider);
  });

  it("reads an unreadable entry as no tokens", async () => {
    const secrets = memorySecrets();
    secrets.entries.set("oauth/notes", "not json");
    expect(await createOAuthStore(secrets).tokens("notes")).toBeUndefined();
  });

  it("keeps registrations per issuer under names of their own", async () => {
    const secrets = memorySecrets();
    const { registrations } = createOAuthStore(secrets);
    await registrations.set("https://as.example", { kind: "dynamic", clientId: "c1", authMethod: "none", redirectUris: ["http://127.0.0.1:5000/callback"] });
    expect((await registrations.get("https://as.example"))?.clientId).toBe("c1");
    expect(await registrations.get("https://other.example")).toBeUndefined();
    const [name] = [...secrets.entries.keys()];
    expect(name).toMatch(/^oauth\/clients\/[0-9a-f]{32}$/);
    expect(isOAuthSecretName(name!)).toBe(true);
    await registrations.delete("https://as.example");
    expect(secrets.entries.size).toBe(0);
  });

  it("names OAuth secrets apart from others", () => {
    expect(isOAuthSecretName("oauth/notes")).toBe(true);
    expect(isOAuthSecretName("github.personal_access_token")).toBe(false);
  });
});
