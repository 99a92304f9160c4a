import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatDiagnostic, resolveAccess } from "@mcpgw/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parsePolicyFile, readPolicyFile } from "./policy-file.js";

const EXAMPLE = `# who may call what
tokens:
  ci-bot:
    secret: mcpgw.tokens.ci-bot
    scopes: [tools:read]
rules:
  - subjects: [ci-bot, alice@example.com]
    allow: ["clock:*", "notes:get_note"]
  - scopes: [mcp:admin]
    allow: ["*"]
    deny: ["notes:delete_*"]
default: deny
`;

function errorsOf(text: string) {
  const parsed = parsePolicyFile(text, "policy.yaml");
  if (parsed.ok) throw new Error("expected errors");
  return parsed.errors.map(formatDiagnostic);
}

describe("policy.yaml", () => {
  it("reads tokens, rules and the default into a policy the core evaluates", () => {
    const parsed = parsePolicyFile(EXAMPLE, "policy.yaml");
    expect(parsed.ok && parsed.warnings).toEqual([]);
    if (!parsed.ok) return;
    expect(parsed.value.tokens).toEqual([{ name: "ci-bot", secret: "mcpgw.tokens.ci-bot", scopes: ["tools:read"] }]);
    expect(parsed.value.policy).toEqual({
      rules: [
        { subjects: ["ci-bot", "alice@example.com"], allow: ["clock:*", "notes:get_note"] },
        { scopes: ["mcp:admin"], allow: ["*"], deny: ["notes:delete_*"] },
      ],
      default: "deny",
    });
    const bot = resolveAccess(parsed.value.policy, { via: "token", subject: "ci-bot", scopes: ["tools:read"] });
    expect(bot.tool("clock", "now")).toBe(true);
    expect(bot.tool("notes", "delete_note")).toBe(false);
  });

  it("denies by default once a file exists, even an empty one", () => {
    const parsed = parsePolicyFile("# nothing yet\n", "policy.yaml");
    expect(parsed.ok && parsed.value).toEqual({ file: "policy.yaml", tokens: [], policy: { rules: [], default: "deny" } });
  });

  it("names the file, line and field of a malformed pattern", () => {
    const text = 'rules:\n  - subjects: [a]\n    allow: ["clock:*", "notes:"]\n';
    expect(errorsOf(text)).toEqual([expect.stringMatching(/^policy\.yaml:3:\d+: rules\[0\]\.allow\[1\]: "notes:" has an empty part/)]);
  });

  it("refuses a rule that says neither whom nor what", () => {
    expect(errorsOf("rules:\n  - allow: ['*']\n")).toEqual([expect.stringMatching(/^policy\.yaml:2:\d+: rules\[0\]: a rule must say whom it applies to/)]);
    expect(errorsOf("rules:\n  - subjects: [a]\n")).toEqual([expect.stringMatching(/^policy\.yaml:2:\d+: rules\[0\]: a rule must allow or deny something/)]);
  });

  it("refuses a token value written into the file, without repeating it", () => {
    const errors = errorsOf("tokens:\n  bot:\n    secret: s\n    value: hunter2-very-secret\n");
    expect(errors).toEqual([expect.stringMatching(/^policy\.yaml:4:\d+: tokens\.bot\.value: a token's value never goes in the policy file/)]);
    expect(errors.join("\n")).not.toContain("hunter2");
  });

  it("refuses bad token names, a missing secret and an unknown default", () => {
    expect(errorsOf('tokens:\n  "ci bot":\n    secret: s\n')).toEqual([expect.stringMatching(/^policy\.yaml:2:\d+: tokens\["ci bot"\]: token name "ci bot" may hold only/)]);
    expect(errorsOf("tokens:\n  bot:\n    scopes: [a]\n")).toEqual([expect.stringMatching(/^policy\.yaml:2:\d+: tokens\.bot\.secret: /)]);
    expect(errorsOf("default: maybe\n")).toEqual([expect.stringMatching(/^policy\.yaml:1:\d+: default: /)]);
  });

  it("warns about unknown fields with their line, and keeps going", () => {
    const parsed = parsePolicyFile("rules:\n  - subjects: [a]\n    allow: ['*']\n    alow: [x]\ndefualt: allow\n", "policy.yaml");
    expect(parsed.ok).toBe(true);
    expect(parsed.warnings.map(formatDiagnostic)).toEqual([
      expect.stringMatching(/^policy\.yaml:4:\d+: warning: rules\[0\]\.alow: unknown field "alow"/),
      expect.stringMatching(/^policy\.yaml:5:\d+: warning: defualt: unknown field "defualt"/),
    ]);
  });

  it("reports YAML syntax errors with line and column", () => {
    expect(errorsOf("rules:\n  - subjects: [a\n")).toEqual([expect.stringMatching(/^policy\.yaml:\d+:\d+: /)]);
  });

  describe("on disk", () => {
    let dir: string;
    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), "mcpgw-policy-"));
    });
    afterEach(() => rm(dir, { recursive: true, force: true }));

    it("reads a file, and reads no file as no policy", async () => {
      expect(await readPolicyFile(join(dir, "policy.yaml"))).toBeUndefined();
      await writeFile(join(dir, "policy.yaml"), EXAMPLE);
      const parsed = await readPolicyFile(join(dir, "policy.yaml"));
      expect(parsed?.ok && parsed.value.file).toBe(join(dir, "policy.yaml"));
    });
  });
});
