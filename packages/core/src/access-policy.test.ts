import { describe, expect, it } from "vitest";
import type { AccessPolicy } from "./access-policy.js";
import { FULL_ACCESS, resolveAccess, ruleApplies } from "./access-policy.js";
import type { Principal } from "./principal.js";
import { definedOnly } from "./defined.js";

const token = (subject: string, scopes: string[] = []): Principal => ({ via: "token", subject, scopes });
const oauth = (subject: string, scopes: string[] = [], clientId?: string): Principal => ({ via: "oauth", subject, scopes, ...definedOnly({ clientId }) });

const policy: AccessPolicy = {
  rules: [
    { subjects: ["ci-bot", "alice@example.com"], allow: ["clock:*", "notes:get_note"] },
    { scopes: ["mcp:admin"], allow: ["*"], deny: ["notes:delete_*"] },
    { subjects: ["*@partner.example"], via: "oauth", allow: ["echo"] },
  ],
  default: "deny",
};

describe("access policy", () => {
  it("gives the owner and everyone without a policy everything", () => {
    expect(resolveAccess(policy, undefined)).toBe(FULL_ACCESS);
    expect(resolveAccess(undefined, token("anyone"))).toBe(FULL_ACCESS);
  });

  it("allows the union of the matching rules' allows", () => {
    const bot = resolveAccess(policy, token("ci-bot"));
    expect(bot.everything).toBe(false);
    expect(bot.tool("clock", "now")).toBe(true);
    expect(bot.tool("notes", "get_note")).toBe(true);
    expect(bot.tool("notes", "add_note")).toBe(false);
    expect(bot.tool("everything", "echo")).toBe(false);
  });

  it("takes the denies of every matching rule away from every allow", () => {
    const admin = resolveAccess(policy, token("alice@example.com", ["mcp:admin"]));
    expect(admin.tool("everything", "echo")).toBe(true);
    expect(admin.tool("notes", "delete_note")).toBe(false);
    expect(admin.tool("notes", "get_note")).toBe(true);
    expect(admin.everything).toBe(false);
  });

  it("applies the default to principals no rule matches", () => {
    const stranger = resolveAccess(policy, token("stranger"));
    expect(stranger.tool("clock", "now")).toBe(false);
    expect(stranger.server("clock")).toBe(false);
    expect(stranger.anyTool("clock")).toBe(false);
    expect(resolveAccess({ ...policy, default: "allow" }, token("stranger"))).toBe(FULL_ACCESS);
  });

  it("matches a rule only when every selector it sets matches", () => {
    const partner = { subjects: ["*@partner.example"], via: "oauth" as const, allow: ["echo"] };
    expect(ruleApplies(partner, oauth("bob@partner.example"))).toBe(true);
    expect(ruleApplies(partner, token("bob@partner.example"))).toBe(false);
    expect(ruleApplies(partner, oauth("bob@example.com"))).toBe(false);
    const client = { clients: ["cursor-*"], scopes: ["a", "b"] };
    expect(ruleApplies(client, oauth("x", ["b"], "cursor-42"))).toBe(true);
    expect(ruleApplies(client, oauth("x", ["c"], "cursor-42"))).toBe(false);
    expect(ruleApplies(client, oauth("x", ["a"]))).toBe(false);
  });

  it("applies a rule that names profiles only in sessions of those profiles", () => {
    const ci = { profiles: ["ci", "ci-*"], subjects: ["bot"], allow: ["clock:*"] };
    expect(ruleApplies(ci, token("bot"), "ci")).toBe(true);
    expect(ruleApplies(ci, token("bot"), "ci-nightly")).toBe(true);
    expect(ruleApplies(ci, token("bot"), "dev")).toBe(false);
    expect(ruleApplies(ci, token("bot"))).toBe(false);
    const everyoneInCi = { rules: [{ profiles: ["ci"], allow: ["clock:now"] }], default: "deny" as const };
    expect(resolveAccess(everyoneInCi, token("anyone"), "ci").tool("clock", "now")).toBe(true);
    expect(resolveAccess(everyoneInCi, token("anyone")).tool("clock", "now")).toBe(false);
  });

  it("opens a server's prompts and resources only to patterns that name it", () => {
    const bot = resolveAccess(policy, token("ci-bot"));
    expect(bot.server("clock")).toBe(true);
    expect(bot.server("notes")).toBe(true);
    expect(bot.server("everything")).toBe(false);
    const partner = resolveAccess(policy, oauth("bob@partner.example"));
    expect(partner.tool("everything", "echo")).toBe(true);
    expect(partner.server("everything")).toBe(false);
    expect(partner.anyTool("everything")).toBe(true);
  });

  it("shuts a whole server only with a deny of all its tools", () => {
    const access = resolveAccess({ rules: [{ subjects: ["x"], allow: ["*"], deny: ["notes:*", "clock:now"] }], default: "deny" }, token("x"));
    expect(access.server("notes")).toBe(false);
    expect(access.anyTool("notes")).toBe(false);
    expect(access.server("clock")).toBe(true);
    expect(access.tool("clock", "now")).toBe(false);
    expect(access.tool("clock", "convert_time")).toBe(true);
  });

  it("keys equal grants equally, whatever the rule order", () => {
    const a = resolveAccess({ rules: [{ subjects: ["a"], allow: ["x", "y"] }], default: "deny" }, token("a"));
    const b = resolveAccess({ rules: [{ subjects: ["b"], allow: ["y"] }, { subjects: ["b"], allow: ["x", "y"] }], default: "deny" }, token("b"));
    expect(a.key).toBe(b.key);
    expect(resolveAccess(policy, token("stranger")).key).not.toBe(a.key);
    expect(resolveAccess({ rules: [{ scopes: ["s"], allow: ["*"] }], default: "deny" }, token("z", ["s"]))).toBe(FULL_ACCESS);
  });
});
