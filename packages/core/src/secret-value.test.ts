import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { SecretValue } from "./secret-value.js";

describe("SecretValue", () => {
  it("never shows its value except through reveal()", () => {
    const secret = new SecretValue("github.token", "ghp_supersecretvalue", "store");
    const shown = [String(secret), `${secret}`, JSON.stringify({ secret }), inspect(secret), inspect({ nested: [secret] })];
    for (const text of shown) expect(text).not.toContain("supersecret");
    expect(secret.reveal()).toBe("ghp_supersecretvalue");
  });
});
