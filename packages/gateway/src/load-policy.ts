import type { AccessPolicy, Diagnostic, SecretValue } from "@mcpgw/core";
import { ErrorCode, formatDiagnostic, GatewayError } from "@mcpgw/core";
import { invalidFileError } from "@mcpgw/user-files";
import type { SecretLookup } from "@mcpgw/registry";
import { readPolicyFile } from "@mcpgw/registry";
import type { StaticToken } from "@mcpgw/transports/http";

/** The policy as a dry run and the start-up log describe it: names only, never a token's value. */
export interface PolicyReport {
  file: string;
  rules: number;
  default: AccessPolicy["default"];
  tokens: {
    enabled: string[];
    /** Tokens left out, each with the secret that has no usable value. */
    disabled: { name: string; secret: string; reason: string }[];
  };
}

/** A named static token whose value the secret chain gave. */
export interface ResolvedToken {
  name: string;
  scopes: readonly string[];
  value: SecretValue;
}

/** What the policy file gave: nothing when there is none. */
export interface LoadedPolicy {
  policy: AccessPolicy | undefined;
  tokens: ResolvedToken[];
  report: PolicyReport | undefined;
  /** Unknown fields, disabled tokens: formatted, one per entry. */
  warnings: string[];
}

export interface LoadPolicyInput {
  /** The policy file to read. */
  file: string;
  /** Whether the user named the file (`--policy`): then it must exist. */
  explicit: boolean;
  secrets: SecretLookup;
}

/**
 * Reads the policy file and resolves its tokens' secrets through the secret chain. A token
 * whose secret has no value is disabled with a warning naming the token and the secret. A file
 * that does not parse throws a GatewayError naming file, line and field.
 */
export async function loadPolicy({ file, explicit, secrets }: LoadPolicyInput): Promise<LoadedPolicy> {
  const parsed = await readPolicyFile(file);
  if (!parsed) {
    if (!explicit) return { policy: undefined, tokens: [], report: undefined, warnings: [] };
    throw new GatewayError(ErrorCode.NOT_FOUND, `policy file ${file} does not exist`, {
      data: { path: file },
      suggestion: "Create it, or leave out --policy (MCPGW_HOME/policy.yaml is read when present).",
    });
  }
  if (!parsed.ok) throw invalidFileError(parsed.errors);
  const { tokens, policy } = parsed.value;
  const resolved: ResolvedToken[] = [];
  const disabled: PolicyReport["tokens"]["disabled"] = [];
  for (const token of tokens) {
    const value = await secrets.resolve(token.secret);
    const reason = value === undefined ? "no provider of the secret chain has it" : /\s/.test(value.reveal()) ? "its value contains blanks" : undefined;
    if (reason) disabled.push({ name: token.name, secret: token.secret, reason });
    else resolved.push({ name: token.name, scopes: token.scopes, value: value! });
  }
  return {
    policy,
    tokens: resolved,
    report: { file, rules: policy.rules.length, default: policy.default, tokens: { enabled: resolved.map((t) => t.name), disabled } },
    warnings: [
      ...parsed.warnings.map((w: Diagnostic) => formatDiagnostic(w)),
      ...disabled.map((d) => `${file}: token "${d.name}" is disabled: its secret ${d.secret} has no usable value (${d.reason}); set it with \`mcpgw secret set ${d.secret}\``),
    ],
  };
}

/**
 * One line about the policy, for the start-up log and dry runs: counts and token names.
 * @example describePolicy(report.policy) // "access policy /home/me/.mcpgw/policy.yaml: 2 rules, default deny; tokens enabled: ci-bot; disabled: none"
 */
export function describePolicy(report: PolicyReport): string {
  const { enabled, disabled } = report.tokens;
  const names = (list: readonly string[]) => (list.length > 0 ? list.join(", ") : "none");
  return `access policy ${report.file}: ${report.rules} ${report.rules === 1 ? "rule" : "rules"}, default ${report.default}; tokens enabled: ${names(enabled)}; disabled: ${names(disabled.map((d) => d.name))}`;
}

/** Whether two loads gave different tokens (names, scopes or values). */
export function tokensChanged(before: readonly ResolvedToken[], after: readonly ResolvedToken[]): boolean {
  const print = (tokens: readonly ResolvedToken[]) => JSON.stringify(tokens.map((t) => [t.name, [...t.scopes], t.value.reveal()]));
  return print(before) !== print(after);
}

/** The tokens as the HTTP app takes them: the one place their values are revealed. */
export function toStaticTokens(tokens: readonly ResolvedToken[]): StaticToken[] {
  return tokens.map((t) => ({ name: t.name, scopes: t.scopes, value: t.value.reveal() }));
}
