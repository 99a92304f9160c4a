// `mcpgw policy show | check | test` as users run them: the built CLI against a temporary home,
// the policy's tokens resolved through the real secret chain (the local store, the process
// environment, a .env file), and every exit code and message read from the process.
import { randomBytes } from "node:crypto";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import type { CliResult } from "../support/cli.js";
import { TempHome } from "../support/cli.js";

const CI_BOT = `cibot-${randomBytes(16).toString("hex")}`;
const ADMIN = `admin-${randomBytes(16).toString("hex")}`;
const READER = `reader-${randomBytes(16).toString("hex")}`;
const BLANK = `with blank ${randomBytes(8).toString("hex")}`;
const VALUES = [CI_BOT, ADMIN, READER, BLANK];

const POLICY = `# the team's policy
tokens:
  ci-bot:
    secret: tokens.ci-bot
    scopes: [tools:read]
  admin:
    secret: tokens.admin
    scopes: [mcp:admin]
  reader:
    secret: tokens.reader
  blank:
    secret: tokens.blank
  ghost:
    secret: tokens.ghost
rules:
  - subjects: [ci-bot, "*@example.com"]
    allow: ["clock:*", "notes:get_note"]
  - scopes: [mcp:admin]
    allow: ["*"]
    deny: ["notes:delete_*"]
  - clients: [dashboard]
    via: oauth
    allow: ["notes:*"]
default: deny
`;

interface ShownPolicy {
  file: string;
  default: string;
  rules: Record<string, unknown>[];
  tokens: { enabled: { name: string; scopes: string[] }[]; disabled: { name: string; secret: string; reason: string }[] };
}

interface Decision {
  file: string;
  principal: { via: string; subject: string; scopes: string[]; clientId?: string };
  server: string;
  tool: string;
  allowed: boolean;
  applying: number[];
  allowedBy: { rule: number; pattern: string }[];
  deniedBy: { rule: number; pattern: string }[];
  byDefault?: string;
}

/** A home holding POLICY, its tokens' values in the local store, the environment and a .env file. */
async function policyHome(): Promise<{ home: TempHome; env: Record<string, string> }> {
  const home = await TempHome.create();
  await writeFile(home.path("policy.yaml"), POLICY);
  for (const [name, value] of [["tokens.ci-bot", CI_BOT], ["tokens.blank", BLANK]] as const) {
    const stored = await home.run(["secret", "set", name], { stdin: value });
    expect(stored.code, stored.stderr).toBe(0);
  }
  await writeFile(home.path("team.env"), `TOKENS_READER=${READER}\n`);
  return { home, env: { TOKENS_ADMIN: ADMIN } };
}

const json = <T>(result: CliResult): T => JSON.parse(result.stdout) as T;

function expectNoTokenValues(result: CliResult): void {
  for (const value of VALUES) {
    expect(result.stdout).not.toContain(value);
    expect(result.stderr).not.toContain(value);
  }
}

describe("mcpgw policy show", () => {
  it("shows the rules, the default and each token by name, enabled or not, and never a token's value", async () => {
    const { home, env } = await policyHome();
    await using _ = home;
    const chain = `store:env:${home.path("team.env")}`;

    const text = await home.run(["policy", "show", "--secrets", chain], { env });
    expect(text.code, text.stderr).toBe(0);
    expectNoTokenValues(text);
    expect(text.stdout.split("\n")).toEqual(
      expect.arrayContaining([
        `Access policy ${home.path("policy.yaml")}: default deny.`,
        "  rule 1: subjects ci-bot, *@example.com → allow clock:*, notes:get_note",
        "  rule 2: scopes mcp:admin → allow *; deny notes:delete_*",
        "  rule 3: clients dashboard; via oauth → allow notes:*",
        "  token ci-bot: enabled, scopes tools:read",
        "  token admin: enabled, scopes mcp:admin",
        "  token reader: enabled",
        "  token blank: disabled (its value contains blanks)",
        "  token ghost: disabled (no provider of the secret chain has it)",
      ]),
    );
    // The warnings name the token and its secret, on stderr, apart from the listing.
    expect(text.stderr).toContain('token "ghost" is disabled: its secret tokens.ghost has no usable value');
    expect(text.stderr).toContain('token "blank" is disabled: its secret tokens.blank has no usable value (its value contains blanks)');

    const shown = await home.run(["policy", "show", "--secrets", chain, "--json"], { env });
    expect(shown.code, shown.stderr).toBe(0);
    expectNoTokenValues(shown);
    expect(json<ShownPolicy>(shown)).toEqual({
      file: home.path("policy.yaml"),
      default: "deny",
      rules: [
        { subjects: ["ci-bot", "*@example.com"], allow: ["clock:*", "notes:get_note"] },
        { scopes: ["mcp:admin"], allow: ["*"], deny: ["notes:delete_*"] },
        { clients: ["dashboard"], via: "oauth", allow: ["notes:*"] },
      ],
      tokens: {
        enabled: [
          { name: "ci-bot", scopes: ["tools:read"] },
          { name: "admin", scopes: ["mcp:admin"] },
          { name: "reader", scopes: [] },
        ],
        disabled: [
          { name: "blank", secret: "tokens.blank", reason: "its value contains blanks" },
          { name: "ghost", secret: "tokens.ghost", reason: "no provider of the secret chain has it" },
        ],
      },
    });
    // Docker's spelling gives the same document; the default chain (store, env) has no .env file.
    const docker = await home.run(["policy", "show", "--format", "json"], { env });
    expectNoTokenValues(docker);
    expect(json<ShownPolicy>(docker).tokens.enabled.map((t) => t.name)).toEqual(["ci-bot", "admin"]);
  });

  it("says there is no policy when the home has none, and fails on a --policy that does not exist", async () => {
    await using home = await TempHome.create();
    const none = await home.run(["policy", "show", "--json"]);
    expect(none.code, none.stderr).toBe(0);
    expect(json(none)).toEqual({ file: home.path("policy.yaml"), policy: null });
    expect((await home.run(["policy", "show"])).stdout).toContain("No access policy");

    const named = await home.run(["policy", "show", "--policy", home.path("team.yaml")]);
    expect(named.code).toBe(3);
    expect(named.stderr).toContain(`policy file ${home.path("team.yaml")} does not exist`);
  });
});

describe("mcpgw policy check", () => {
  it("passes a valid file, with unknown fields as warnings", async () => {
    await using home = await TempHome.create();
    await writeFile(home.path("policy.yaml"), POLICY);
    const valid = await home.run(["policy", "check"]);
    expect(valid.code, valid.stderr).toBe(0);
    expect(valid.stdout).toBe(`${home.path("policy.yaml")} is valid: 3 rules, default deny, 5 named tokens.\n`);
    expect(json(await home.run(["policy", "check", "--json"]))).toEqual({
      file: home.path("policy.yaml"),
      valid: true,
      rules: 3,
      default: "deny",
      tokens: ["ci-bot", "admin", "reader", "blank", "ghost"],
    });

    await writeFile(home.path("typo.yaml"), "rules:\n  - subjects: [ci-bot]\n    allow: [clock:now]\n    alow: [notes:*]\n");
    const typo = await home.run(["policy", "check", "--policy", home.path("typo.yaml")]);
    expect(typo.code, typo.stderr).toBe(0);
    expect(typo.stderr).toContain(`warning: ${home.path("typo.yaml")}:4: unknown field "alow"`);
  });

  it.each([
    ["broken YAML", "rules:\n  - subjects: [ci-bot\n    allow: [clock:now]\n", 4, "YAML_SYNTAX", 3, undefined],
    ["a field of the wrong kind", "# mine\nrules:\n  - subjects: [ci-bot]\n    allow: [clock:now]\n    via: password\n", 4, "CONFIG_INVALID", 5, "rules[0].via"],
    ["a pattern that is not one", "rules:\n  - subjects: [ci-bot]\n    allow: [clock:now]\n  - scopes: [mcp:admin]\n    deny: [a:b:c]\n", 4, "CONFIG_INVALID", 5, "rules[1].deny[0]"],
    ["a token's value in the file", "tokens:\n  ci-bot:\n    secret: tokens.ci-bot\n    value: hunter2-in-the-file\n", 4, "CONFIG_INVALID", 4, "tokens.ci-bot.value"],
  ])("refuses %s with file:line, and leaves the file as it was", async (_what, text, exitCode, code, line, field) => {
    await using home = await TempHome.create();
    const file = home.path("team-policy.yaml");
    await writeFile(file, text);
    const before = await readdir(home.root);

    const checked = await home.run(["policy", "check", "--policy", file]);
    expect(checked.code).toBe(exitCode);
    expect(checked.stdout).toBe("");
    expect(checked.stderr.startsWith(`Error: ${file}:${line}:`), checked.stderr).toBe(true);
    if (field) expect(checked.stderr).toContain(`${field}: `);
    expect(checked.stderr).not.toContain("hunter2-in-the-file");

    const asJson = await home.run(["policy", "check", "--policy", file, "--json"]);
    expect(asJson.code).toBe(exitCode);
    expect(json(asJson)).toMatchObject({ error: { code, diagnostics: [expect.objectContaining({ file, line, severity: "error" })] } });
    expect(asJson.stdout).not.toContain("hunter2-in-the-file");

    // `policy show` and `policy test` read the same file and refuse it the same way.
    expect((await home.run(["policy", "show", "--policy", file])).code).toBe(exitCode);
    expect((await home.run(["policy", "test", "--policy", file, "--subject", "ci-bot", "--tool", "clock:now"])).code).toBe(exitCode);

    expect(await readFile(file, "utf8")).toBe(text);
    expect(await readdir(home.root)).toEqual(before);
  });

  it("fails when there is no policy file to check", async () => {
    await using home = await TempHome.create();
    const missing = await home.run(["policy", "check"]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain(`there is no access policy file ${home.path("policy.yaml")}`);
  });
});

describe("mcpgw policy test", () => {
  async function decide(home: TempHome, args: string[]): Promise<{ text: CliResult; decision: Decision }> {
    const text = await home.run(["policy", "test", ...args]);
    const asJson = await home.run(["policy", "test", ...args, "--json"]);
    expect(asJson.code, asJson.stderr).toBe(text.code);
    return { text, decision: json<Decision>(asJson) };
  }

  it("answers allowed (exit 0) or denied (exit 1) and names the rule and pattern that decide", async () => {
    await using home = await TempHome.create();
    await writeFile(home.path("policy.yaml"), POLICY);

    // A named token: its scopes and `via: token` come from the file.
    const bot = await decide(home, ["--subject", "ci-bot", "--tool", "clock:now"]);
    expect(bot.text.code).toBe(0);
    expect(bot.text.stdout).toBe("allowed: ci-bot (token) → clock:now\n  rule 1 allows it (clock:*)\n");
    expect(bot.decision).toEqual({
      file: home.path("policy.yaml"),
      principal: { via: "token", subject: "ci-bot", scopes: ["tools:read"] },
      server: "clock",
      tool: "now",
      allowed: true,
      applying: [0],
      allowedBy: [{ rule: 0, pattern: "clock:*" }],
      deniedBy: [],
    });

    // Granted by one pattern and taken away by another: both are named, and the deny wins.
    const admin = await decide(home, ["--subject", "admin", "--tool", "notes:delete_note"]);
    expect(admin.text.code).toBe(1);
    expect(admin.text.stdout).toBe("denied: admin (token) → notes:delete_note\n  rule 2 allows it (*)\n  rule 2 denies it (notes:delete_*)\n");
    expect(admin.decision).toMatchObject({ allowed: false, applying: [1], allowedBy: [{ rule: 1, pattern: "*" }], deniedBy: [{ rule: 1, pattern: "notes:delete_*" }] });

    // A rule applies, but no pattern of it matches the tool.
    const outside = await decide(home, ["--subject", "ci-bot", "--tool", "notes:delete_note"]);
    expect(outside.text.code).toBe(1);
    expect(outside.text.stdout).toBe("denied: ci-bot (token) → notes:delete_note\n  rule 1 applies and does not allow it\n");
    expect(outside.decision).toMatchObject({ allowed: false, applying: [0], allowedBy: [], deniedBy: [] });

    // An OAuth subject, a scope and a client as an access token would carry them.
    const alice = await decide(home, ["--subject", "alice@example.com", "--tool", "notes:get_note"]);
    expect(alice.text.code).toBe(0);
    expect(alice.decision).toMatchObject({ principal: { via: "oauth", subject: "alice@example.com", scopes: [] }, allowedBy: [{ rule: 0, pattern: "notes:get_note" }] });
    const scoped = await decide(home, ["--subject", "carol", "--scope", "mcp:admin", "--client", "dashboard", "--tool", "notes:delete_note"]);
    expect(scoped.text.code).toBe(1);
    expect(scoped.text.stdout).toContain("rule 3 allows it (notes:*)");
    expect(scoped.text.stdout).toContain("rule 2 denies it (notes:delete_*)");
    expect(scoped.decision).toMatchObject({ principal: { clientId: "dashboard" }, applying: [1, 2] });
    // --via oauth: the same name is then an access token's subject, not the named token.
    const viaOauth = await decide(home, ["--subject", "admin", "--via", "oauth", "--tool", "clock:now"]);
    expect(viaOauth.text.code).toBe(1);
    expect(viaOauth.decision).toMatchObject({ principal: { via: "oauth", subject: "admin", scopes: [] }, byDefault: "deny" });
  });

  it("gives an unknown subject the default, and a tool no pattern names is denied by the rules", async () => {
    await using home = await TempHome.create();
    await writeFile(home.path("policy.yaml"), POLICY);
    const stranger = await decide(home, ["--subject", "mallory", "--tool", "clock:now"]);
    expect(stranger.text.code).toBe(1);
    expect(stranger.text.stdout).toBe("denied: mallory (oauth) → clock:now\n  no rule applies to this caller: the policy's default is deny\n");
    expect(stranger.decision).toMatchObject({ allowed: false, applying: [], allowedBy: [], deniedBy: [], byDefault: "deny" });

    const nowhere = await decide(home, ["--subject", "ci-bot", "--tool", "nosuch:tool"]);
    expect(nowhere.text.code).toBe(1);
    expect(nowhere.decision).toMatchObject({ allowed: false, applying: [0], allowedBy: [], deniedBy: [] });

    await writeFile(home.path("open.yaml"), "rules:\n  - subjects: [ci-bot]\n    allow: [clock:*]\ndefault: allow\n");
    const open = await decide(home, ["--policy", home.path("open.yaml"), "--subject", "mallory", "--tool", "notes:delete_note"]);
    expect(open.text.code).toBe(0);
    expect(open.text.stdout).toContain("the policy's default is allow");
    expect(open.decision).toMatchObject({ allowed: true, byDefault: "allow" });
  });

  it("refuses a --tool that is not one SERVER:TOOL, and a missing policy file", async () => {
    await using home = await TempHome.create();
    await writeFile(home.path("policy.yaml"), POLICY);
    for (const tool of ["clock", "a:b:c", ":now", "notes:*", "notes:delete_*"]) {
      const refused = await home.run(["policy", "test", "--subject", "admin", "--tool", tool]);
      expect(refused.code, tool).toBe(2);
      expect(refused.stdout, tool).toBe("");
      expect(refused.stderr, tool).toContain(`"${tool}"`);
    }
    const missing = await home.run(["policy", "test", "--policy", home.path("nosuch.yaml"), "--subject", "admin", "--tool", "clock:now"]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain("there is no access policy file");
  });

  it("decides in a profile with --profile: rules that name profiles apply there only", async () => {
    await using home = await TempHome.create();
    await writeFile(home.path("policy.yaml"), `rules:\n  - subjects: [ci-bot]\n    profiles: [ci]\n    allow: ["clock:*"]\ndefault: deny\n`);
    const ask = (...extra: string[]) => home.run(["policy", "test", "--subject", "ci-bot", "--via", "token", "--tool", "clock:now", ...extra]);
    const inCi = await ask("--profile", "ci");
    expect(inCi.code, inCi.stderr).toBe(0);
    expect(inCi.stdout).toMatch(/^allowed: ci-bot \(token\) → clock:now in profile ci\n {2}rule 1 allows it \(clock:\*\)/);
    expect((await ask("--profile", "dev")).code).toBe(1);
    expect((await ask()).code).toBe(1);
    const shown = await home.run(["policy", "show"]);
    expect(shown.stdout).toContain("profiles ci");
  });
});
