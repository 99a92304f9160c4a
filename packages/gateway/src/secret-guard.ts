import type { SecretValue } from "@mcpgw/core";
import { ErrorCode, GatewayError } from "@mcpgw/core";
import type { CallGuard } from "@mcpgw/router";
import type { SecretScanner } from "@mcpgw/secrets";
import { createSecretScanner } from "@mcpgw/secrets";

/**
 * `--block-secrets`: a call whose arguments, or whose result, carries a secret (a known
 * credential shape or a configured secret's value) is blocked. The error names the kind of
 * secret, never the secret.
 */
export function createSecretGuard(values: () => readonly SecretValue[]): CallGuard {
  let seen: readonly SecretValue[] | undefined;
  let scanner: SecretScanner | undefined;
  const scan = (value: unknown) => {
    const current = values();
    if (current !== seen) {
      seen = current;
      scanner = createSecretScanner({ values: [...current] });
    }
    return scanner!.scanJson(value);
  };
  const check = (what: "arguments" | "result", call: { server: string; tool: string }, value: unknown) => {
    const findings = scan(value);
    if (findings.length === 0) return;
    const kinds = [...new Set(findings.map((f) => f.kind))].join(", ");
    const carries = what === "arguments" ? "its arguments contain" : "its result contains";
    throw new GatewayError(ErrorCode.REFUSED, `blocked a call to ${call.server}/${call.tool}: ${carries} a secret (${kinds})`, {
      data: { server: call.server, tool: call.tool, kinds: kinds.split(", ") },
    });
  };
  return {
    arguments: (call, value) => check("arguments", call, value),
    result: (call, value) => check("result", call, value),
  };
}
