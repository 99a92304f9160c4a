import type { AccessPolicy } from "./access-policy.js";
import { ruleApplies } from "./access-policy.js";
import type { Principal } from "./principal.js";
import { matchesToolPattern, parseToolPattern } from "./tool-pattern.js";

/** A rule's pattern that decided, by the rule's place in the file (0-based) and its text. */
export interface RuleMatch {
  rule: number;
  pattern: string;
}

/** Whether a principal may call a tool under a policy, and why: what `policy test` shows. */
export interface AccessDecision {
  allowed: boolean;
  /** The rules that apply to the principal, by place. */
  applying: number[];
  /** The allow patterns that grant the tool. */
  allowedBy: RuleMatch[];
  /** The deny patterns that take it away. */
  deniedBy: RuleMatch[];
  /** Set when no rule applies: the policy's default decided. */
  byDefault?: AccessPolicy["default"];
}

/**
 * The decision `resolveAccess` makes for one tool (in a session of `profile`, if given), with its reasons: every rule that applies,
 * and the allow and deny patterns of those rules that match the tool.
 * @example
 * decideAccess(policy, { via: "token", subject: "ci-bot", scopes: [] }, "notes", "delete_note");
 * // { allowed: false, applying: [0], allowedBy: [{ rule: 0, pattern: "notes:*" }], deniedBy: [{ rule: 0, pattern: "notes:delete_*" }] }
 */
export function decideAccess(policy: AccessPolicy, principal: Principal, server: string, tool: string, profile?: string): AccessDecision {
  const applying = policy.rules.flatMap((rule, index) => (ruleApplies(rule, principal, profile) ? [index] : []));
  if (applying.length === 0) return { allowed: policy.default === "allow", applying, allowedBy: [], deniedBy: [], byDefault: policy.default };
  const matching = (kind: "allow" | "deny") =>
    applying.flatMap((index) => (policy.rules[index]![kind] ?? []).filter((text) => matchesToolPattern(parseToolPattern(text), server, tool)).map((pattern) => ({ rule: index, pattern })));
  const allowedBy = matching("allow");
  const deniedBy = matching("deny");
  return { allowed: allowedBy.length > 0 && deniedBy.length === 0, applying, allowedBy, deniedBy };
}
