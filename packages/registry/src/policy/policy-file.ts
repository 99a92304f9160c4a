import type { AccessPolicy, AccessRule } from "@mcpgw/core";
import { definedOnly, toolPatternProblem } from "@mcpgw/core";
import type { Parsed } from "@mcpgw/user-files";
import { parseUserYaml, readFileIfExists } from "@mcpgw/user-files";
import { z } from "zod";

/** A static token's name: it becomes the caller's subject, in rules and in the call log. */
const TOKEN_NAME = /^[A-Za-z0-9_.@-]+$/;

const ToolPatternSchema = z.string().superRefine((text, ctx) => {
  const problem = toolPatternProblem(text);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

const SelectorSchema = z.array(z.string().min(1, "an entry cannot be empty")).min(1, "list at least one, or leave the field out");

const TokenSchema = z
  .object({
    secret: z.string().min(1, "name the secret that holds the token's value"),
    scopes: z.array(z.string().min(1)).default([]),
    // Declared only to refuse it: a value written here would sit in a file people share.
    value: z.unknown().optional(),
  })
  .superRefine((token, ctx) => {
    if (token.value !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["value"],
        message: "a token's value never goes in the policy file: store it as a secret (`mcpgw secret set NAME`) and name it with `secret:`",
      });
    }
  });

const RuleSchema = z
  .object({
    subjects: SelectorSchema.optional(),
    scopes: SelectorSchema.optional(),
    clients: SelectorSchema.optional(),
    via: z.enum(["oauth", "token"]).optional(),
    profiles: SelectorSchema.optional(),
    allow: z.array(ToolPatternSchema).optional(),
    deny: z.array(ToolPatternSchema).optional(),
  })
  .superRefine((rule, ctx) => {
    if (!rule.subjects && !rule.scopes && !rule.clients && !rule.via && !rule.profiles) {
      ctx.addIssue({ code: "custom", message: "a rule must say whom it applies to: subjects, scopes, clients, via or profiles" });
    }
    if (!rule.allow && !rule.deny) ctx.addIssue({ code: "custom", message: "a rule must allow or deny something" });
  });

/**
 * `policy.yaml`: named static tokens (their values come from the secret chain), the rules that
 * say who may list and call which tools, and the default for callers no rule applies to.
 */
export const PolicyFileSchema = z
  .object({
    tokens: z.record(z.string(), TokenSchema).nullish(),
    rules: z.array(RuleSchema).nullish(),
    default: z.enum(["allow", "deny"]).default("deny"),
  })
  .superRefine((file, ctx) => {
    for (const name of Object.keys(file.tokens ?? {})) {
      if (!TOKEN_NAME.test(name)) {
        ctx.addIssue({ code: "custom", path: ["tokens", name], message: `token name "${name}" may hold only letters, digits and . _ @ -` });
      }
    }
  });

/** A static token the policy names: who it is, where its value comes from, what it may claim. */
export interface PolicyToken {
  /** The caller's subject when it presents this token. */
  name: string;
  /** The secret (looked up through the secret chain) that holds the token's value. */
  secret: string;
  scopes: string[];
}

/** A policy file, read: the tokens it declares and the policy the router enforces. */
export interface PolicyFile {
  /** The file as the user named it. */
  file: string;
  tokens: PolicyToken[];
  policy: AccessPolicy;
}

/**
 * Reads a policy file's text. Errors name the file, line and field; unknown fields are warnings.
 * @example
 * const parsed = parsePolicyFile(text, "policy.yaml");
 * if (parsed.ok) router.setPolicy(parsed.value.policy);
 */
export function parsePolicyFile(text: string, file: string): Parsed<PolicyFile> {
  const parsed = parseUserYaml(text, file, PolicyFileSchema, { empty: { default: "deny" } });
  if (!parsed.ok) return parsed;
  const { value } = parsed.value;
  const tokens = Object.entries(value.tokens ?? {}).map(([name, token]) => ({ name, secret: token.secret, scopes: token.scopes }));
  const rules = (value.rules ?? []).map((rule): AccessRule => definedOnly(rule));
  return { ok: true, value: { file, tokens, policy: { rules, default: value.default } }, warnings: parsed.warnings };
}

/**
 * Reads the policy file at `path`: `undefined` when there is none (no policy: every caller
 * sees everything). A file that does not parse is an error value, not an exception.
 */
export async function readPolicyFile(path: string): Promise<Parsed<PolicyFile> | undefined> {
  const text = await readFileIfExists(path);
  return text === undefined ? undefined : parsePolicyFile(text, path);
}
