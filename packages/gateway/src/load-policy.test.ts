import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GatewayError } from "@mcpgw/core";
import { createEnvProvider, createSecretChain } from "@mcpgw/secrets";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { describePolicy, loadPolicy, tokensChanged, toStaticTokens } from "./load-policy.js";

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "mcpgw-load-policy-"));
  file = join(dir, "policy.yaml");
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const secrets = (values: Record<string, string>) => createSecretChain([createEnvProvider(values, { name: "env" })]);
const POLICY = "tokens:\n  bot:\n    secret: tokens.bot\n    scopes: [a]\n  ghost:\n    secret: tokens.ghost\nrules:\n  - subjects: [bot]\n    allow: ['clock:*']\n";

describe("loadPolicy", () => {
  it("reads no policy when the home has none, and refuses a named file that is missing", async () => {
    expect(await loadPolicy({ file, explicit: false, secrets: secrets({}) })).toEqual({ policy: undefined, tokens: [], report: undefined, warnings: [] });
    const missing = await loadPolicy({ file, explicit: true, secrets: secrets({}) }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(GatewayError);
    expect(missing).toMatchObject({ code: "NOT_FOUND", message: `policy file ${file} does not exist` });
  });

  it("resolves tokens through the secret chain and disables those without a value, naming token and secret", async () => {
    await writeFile(file, POLICY);
    const loaded = await loadPolicy({ file, explicit: false, secrets: secrets({ TOKENS_BOT: "bot-token-value" }) });
    expect(loaded.policy).toEqual({ rules: [{ subjects: ["bot"], allow: ["clock:*"] }], default: "deny" });
    expect(toStaticTokens(loaded.tokens)).toEqual([{ name: "bot", scopes: ["a"], value: "bot-token-value" }]);
    expect(loaded.warnings).toEqual([`${file}: token "ghost" is disabled: its secret tokens.ghost has no usable value (no provider of the secret chain has it); set it with \`mcpgw secret set tokens.ghost\``]);
    expect(describePolicy(loaded.report!)).toBe(`access policy ${file}: 1 rule, default deny; tokens enabled: bot; disabled: ghost`);
    expect(JSON.stringify(loaded)).not.toContain("bot-token-value");
  });

  it("disables a token whose value could not be sent in a header", async () => {
    await writeFile(file, POLICY);
    const loaded = await loadPolicy({ file, explicit: false, secrets: secrets({ TOKENS_BOT: "two words", TOKENS_GHOST: "fine" }) });
    expect(loaded.tokens.map((t) => t.name)).toEqual(["ghost"]);
    expect(loaded.warnings.join("\n")).toContain('token "bot" is disabled: its secret tokens.bot has no usable value (its value contains blanks)');
    expect(loaded.warnings.join("\n")).not.toContain("two words");
  });

  it("throws the file's diagnostics when it does not parse", async () => {
    await writeFile(file, "rules:\n  - allow: ['*']\n");
    await expect(loadPolicy({ file, explicit: false, secrets: secrets({}) })).rejects.toMatchObject({ code: "CONFIG_INVALID", message: expect.stringContaining(`${file}:2:`) });
  });

  it("tells when the tokens changed between loads", async () => {
    await writeFile(file, POLICY);
    const a = await loadPolicy({ file, explicit: false, secrets: secrets({ TOKENS_BOT: "one" }) });
    const same = await loadPolicy({ file, explicit: false, secrets: secrets({ TOKENS_BOT: "one" }) });
    const rotated = await loadPolicy({ file, explicit: false, secrets: secrets({ TOKENS_BOT: "two" }) });
    expect(tokensChanged(a.tokens, same.tokens)).toBe(false);
    expect(tokensChanged(a.tokens, rotated.tokens)).toBe(true);
  });
});
