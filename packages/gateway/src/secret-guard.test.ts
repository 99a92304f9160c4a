import { SecretValue } from "@mcpgw/core";
import { describe, expect, it } from "vitest";
import { createSecretGuard } from "./secret-guard.js";

const call = { server: "github", tool: "create_issue" };

describe("secret guard", () => {
  it("blocks arguments and results carrying a configured value or a credential shape, naming the kind only", () => {
    const value = "configured-value-0123456789";
    const guard = createSecretGuard(() => [new SecretValue("github.token", value, "store")]);
    expect(() => guard.arguments(call, { body: "plain text" })).not.toThrow();
    let error: Error | undefined;
    try {
      guard.arguments(call, { nested: [{ text: `here: ${value}` }] });
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).toBe("blocked a call to github/create_issue: its arguments contain a secret (exact)");
    expect(error?.message).not.toContain(value);
    const token = ["ghp", "_", "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"].join("");
    expect(() => guard.result(call, { content: [{ type: "text", text: token }] })).toThrow(/its result contains a secret \(github-token\)/);
  });

  it("follows the configured values as they change", () => {
    let values: SecretValue[] = [];
    const guard = createSecretGuard(() => values);
    expect(() => guard.arguments(call, { v: "later-secret-value-42" })).not.toThrow();
    values = [new SecretValue("x", "later-secret-value-42", "store")];
    expect(() => guard.arguments(call, { v: "later-secret-value-42" })).toThrow(/exact/);
  });

  it("redacts instead of blocking when asked, in arguments and results alike", () => {
    const value = "configured-value-0123456789";
    const guard = createSecretGuard(() => [new SecretValue("api.key", value, "store")], "redact");
    const clean = { body: "plain text" };
    expect(guard.arguments(call, clean)).toBe(clean);
    expect(guard.arguments(call, { nested: [{ text: `key=${value}` }] })).toEqual({ nested: [{ text: "key=[redacted:exact]" }] });
    const result = { content: [{ type: "text", text: value }], structuredContent: { token: value, count: 3 } };
    const redacted = guard.result(call, result);
    expect(JSON.stringify(redacted)).not.toContain(value);
    expect(redacted).toEqual({ content: [{ type: "text", text: "[redacted:exact]" }], structuredContent: { token: "[redacted:exact]", count: 3 } });
    expect(result.content[0]!.text).toBe(value);
  });
});
