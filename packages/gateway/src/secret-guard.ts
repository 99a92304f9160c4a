import type { SecretValue } from "@mcpgw/core";
import { ErrorCode, GatewayError } from "@mcpgw/core";
import type { CallMiddleware } from "@mcpgw/router";
import type { SecretScanner } from "@mcpgw/secrets";
import { createSecretScanner } from "@mcpgw/secrets";

/**
 * Looks at a tool call's arguments and result. Each method returns the value to go on with
 * (the same one, or a redacted copy); throwing a GatewayError blocks the call.
 */
export interface CallGuard {
  arguments(call: { server: string; tool: string }, value: unknown): unknown;
  result(call: { server: string; tool: string }, value: unknown): unknown;
}

/** What the guard does with a call that carries a secret. */
export type SecretAction = "block" | "redact";

/**
 * `--block-secrets`: a tool call whose arguments, or whose result, carries a secret (a known
 * credential shape or a configured secret's value) is blocked with an error naming the kind of
 * secret, never the secret. With `redact` (`--redact-secrets`) the call goes on with each secret
 * replaced by `[redacted:<kind>]`, in the arguments the server receives and the result the
 * client receives.
 */
export function createSecretGuard(values: () => readonly SecretValue[], action: SecretAction = "block"): CallGuard {
  const current = currentSecretScanner(values);
  const check = (what: "arguments" | "result", call: { server: string; tool: string }, value: unknown): unknown => {
    const findings = current().scanJson(value);
    if (findings.length === 0) return value;
    if (action === "redact") return current().redactJson(value);
    const kinds = [...new Set(findings.map((f) => f.kind))];
    const carries = what === "arguments" ? "its arguments contain" : "its result contains";
    throw new GatewayError(ErrorCode.REFUSED, `blocked a call to ${call.server}/${call.tool}: ${carries} a secret (${kinds.join(", ")})`, {
      data: { server: call.server, tool: call.tool, kinds },
      suggestion: "remove the secret from the call, or run the gateway with --redact-secrets to have secrets replaced instead",
    });
  };
  return {
    arguments: (call, value) => check("arguments", call, value),
    result: (call, value) => check("result", call, value),
  };
}

/**
 * A scanner for the well-known credential shapes and the configured secret values as they are
 * now: made again only when `values` gives another list (after a reload).
 */
export function currentSecretScanner(values: () => readonly SecretValue[]): () => SecretScanner {
  let seen: readonly SecretValue[] | undefined;
  let scanner: SecretScanner | undefined;
  return () => {
    const configured = values();
    if (configured !== seen || !scanner) {
      seen = configured;
      scanner = createSecretScanner({ values: [...configured] });
    }
    return scanner;
  };
}

/**
 * A guard as call middleware, one for each side of the call: `arguments` checks (or redacts)
 * what goes to the server, `result` what comes back to the client.
 */
export function createGuardMiddleware(guard: CallGuard): { arguments: CallMiddleware; result: CallMiddleware } {
  return {
    // Not an async function: the call goes on as `next()` gives it, with no promise between.
    arguments: (call, next) => {
      try {
        call.arguments = guard.arguments(call, call.arguments);
      } catch (error) {
        return Promise.reject(error);
      }
      return next();
    },
    result: async (call, next) => guard.result(call, await next()),
  };
}
