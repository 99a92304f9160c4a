import type { Principal } from "@mcpgw/core";

/**
 * Whether two callers are the same: same way of proving it and same subject. `undefined` is the
 * gateway's owner (the gateway token, or no authentication), the same only as itself.
 */
export function samePrincipal(a: Principal | undefined, b: Principal | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.via === b.via && a.subject === b.subject;
}

/**
 * The key a caller's sessions are counted under for the per-caller session cap: how it proved
 * itself and its subject (the static token's name or the OAuth `sub`, never a token), the
 * identity {@link samePrincipal} compares. `undefined` for the owner.
 */
export function callerKey(principal: Principal | undefined): string | undefined {
  return principal === undefined ? undefined : `${principal.via}:${principal.subject}`;
}
