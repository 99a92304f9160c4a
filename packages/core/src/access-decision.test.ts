import { describe, expect, it } from "vitest";
import { decideAccess } from "./access-decision.js";
import type { AccessPolicy } from "./access-policy.js";
import { resolveAccess } from "./access-policy.js";
import type { Principal } from "./principal.js";

const policy: AccessPolicy = {
  default: "deny",
  rules: [
    { subjects: ["ci-*"], allow: ["notes:*", "clock:now"], deny: ["notes:delete_*"] },
    { scopes: ["admin"], allow: ["*"] },
  ],
};
const ci: Principal = { via: "token", subject: "ci-bot", scopes: [] };

describe("decideAccess", () => {
  it("names the rules that apply and the patterns that allow and deny", () => {
    expect(decideAccess(policy, ci, "notes", "get_note")).toEqual({ allowed: true, applying: [0], allowedBy: [{ rule: 0, pattern: "notes:*" }], deniedBy: [] });
    expect(decideAccess(policy, ci, "notes", "delete_note")).toEqual({
      allowed: false,
      applying: [0],
      allowedBy: [{ rule: 0, pattern: "notes:*" }],
      deniedBy: [{ rule: 0, pattern: "notes:delete_*" }],
    });
    expect(decideAccess(policy, ci, "clock", "zone")).toMatchObject({ allowed: false, allowedBy: [], deniedBy: [] });
  });

  it("says when the default decided, and takes every rule that applies together", () => {
    expect(decideAccess(policy, { via: "oauth", subject: "someone", scopes: [] }, "notes", "get_note")).toEqual({ allowed: false, applying: [], allowedBy: [], deniedBy: [], byDefault: "deny" });
    // The admin scope's * does not lift the ci rule's deny: denies win over any rule's allows.
    expect(decideAccess(policy, { ...ci, scopes: ["admin"] }, "notes", "delete_note")).toMatchObject({ allowed: false, applying: [0, 1] });
  });

  it("agrees with resolveAccess", () => {
    for (const principal of [ci, { ...ci, scopes: ["admin"] }, { via: "oauth" as const, subject: "x", scopes: [] }]) {
      for (const [server, tool] of [["notes", "get_note"], ["notes", "delete_note"], ["clock", "now"], ["clock", "zone"]] as const) {
        expect(decideAccess(policy, principal, server, tool).allowed).toBe(resolveAccess(policy, principal).tool(server, tool));
      }
    }
  });
});
