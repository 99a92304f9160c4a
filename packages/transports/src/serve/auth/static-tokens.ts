// Named static tokens: bearer tokens the owner hands out (from the policy file), each with a
// name and scopes, so that the authorization policy can tell their holders apart.
import { ErrorCode, GatewayError } from "@mcpgw/core";
import type { Principal } from "@mcpgw/core";
import { HashedSecret, isSendableToken } from "./bearer.js";

/** A named bearer token; its holder is the principal `{ via: "token", subject: name, scopes }`. */
export interface StaticToken {
  /** Who holds it, as the authorization policy names them. */
  name: string;
  /** The token itself: never logged or echoed. */
  value: string;
  scopes: readonly string[];
}

/** Finds the principal a presented token stands for. */
export interface StaticTokenTable {
  /** The holder of `presented`, or `undefined` when it is none of the tokens. */
  principalOf(presented: string): Principal | undefined;
}

/**
 * Checks the tokens (each sendable in a header, no value twice, none equal to the gateway token)
 * and keeps only their digests. A problem names the token, never its value.
 */
export function createStaticTokenTable(tokens: readonly StaticToken[], gatewayToken?: string): StaticTokenTable {
  const seen = new Set<string>(gatewayToken === undefined ? [] : [gatewayToken]);
  const entries = tokens.map((token) => {
    if (token.name.trim() === "") throw invalid("a static token has an empty name");
    if (!isSendableToken(token.value)) throw invalid(`the static token "${token.name}" is empty or contains whitespace`);
    if (seen.has(token.value)) throw invalid(`the static token "${token.name}" has the same value as another token`);
    seen.add(token.value);
    const principal: Principal = { via: "token", subject: token.name, scopes: [...token.scopes] };
    return { secret: new HashedSecret(token.value), principal };
  });
  return {
    principalOf(presented) {
      // Every entry is compared, so the time taken does not say which one matched.
      let found: Principal | undefined;
      for (const entry of entries) if (entry.secret.matches(presented)) found ??= entry.principal;
      return found;
    },
  };
}

const invalid = (message: string) => new GatewayError(ErrorCode.INVALID_ARGUMENT, message, { suggestion: "give every static token a name and its own value without blanks" });
