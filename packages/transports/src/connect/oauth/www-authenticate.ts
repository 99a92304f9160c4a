// Reading a `WWW-Authenticate` header (RFC 9110 §11.6.1): one or more challenges, each a scheme
// followed by a token68 or by `name=value` parameters whose values may be quoted strings. A 401
// from an MCP server carries the Bearer one (RFC 6750) with RFC 9728's `resource_metadata`.

/** One challenge: its scheme (lower case) and parameters (names lower case). */
export interface AuthChallenge {
  scheme: string;
  params: Record<string, string>;
  /** A token68 instead of parameters (`Negotiate abc==`). */
  token68?: string;
}

/** What an OAuth client needs from a Bearer challenge. */
export interface BearerChallenge {
  resourceMetadata?: string;
  /** The scopes the resource asks for, split on spaces. */
  scope?: string[];
  error?: string;
  errorDescription?: string;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+/;
// A token68 stands alone: a comma or the end follows it, never `= value`.
const TOKEN68 = /^([A-Za-z0-9\-._~+/]+=*)[ \t]*(?=,|$)/;

/**
 * Every challenge of a `WWW-Authenticate` header, in order. Malformed parts end the parse: what
 * was read before them is returned.
 * @example parseWwwAuthenticate('Bearer realm="x", scope="a b"') // [{ scheme: "bearer", params: { realm: "x", scope: "a b" } }]
 */
export function parseWwwAuthenticate(header: string): AuthChallenge[] {
  const challenges: AuthChallenge[] = [];
  let rest = header;
  const skip = (pattern: RegExp) => (rest = rest.replace(pattern, ""));
  for (;;) {
    skip(/^[\s,]+/);
    const scheme = TOKEN.exec(rest)?.[0];
    if (!scheme) return challenges;
    rest = rest.slice(scheme.length);
    const challenge: AuthChallenge = { scheme: scheme.toLowerCase(), params: {} };
    challenges.push(challenge);
    skip(/^[ \t]+/);
    const token68 = TOKEN68.exec(rest);
    if (token68) {
      challenge.token68 = token68[1]!;
      rest = rest.slice(token68[0].length);
      continue;
    }
    // Parameters until the next `scheme ` (a token not followed by `=`).
    for (;;) {
      skip(/^[\s,]+/);
      const name = TOKEN.exec(rest)?.[0];
      if (!name) return challenges;
      const afterName = rest.slice(name.length);
      const equals = /^[ \t]*=[ \t]*/.exec(afterName);
      if (!equals) break;
      rest = afterName.slice(equals[0].length);
      const value = readValue();
      if (value === undefined) return challenges;
      challenge.params[name.toLowerCase()] = value;
    }
  }

  function readValue(): string | undefined {
    if (rest.startsWith('"')) {
      let value = "";
      for (let i = 1; i < rest.length; i++) {
        const char = rest[i]!;
        if (char === "\\" && i + 1 < rest.length) value += rest[++i];
        else if (char === '"') {
          rest = rest.slice(i + 1);
          return value;
        } else value += char;
      }
      return undefined;
    }
    const token = TOKEN.exec(rest)?.[0];
    if (token === undefined) return undefined;
    rest = rest.slice(token.length);
    return token;
  }
}

/**
 * The Bearer challenge of a `WWW-Authenticate` header, or `undefined` when it has none.
 * @example bearerChallenge('Bearer resource_metadata="https://mcp.example/.well-known/oauth-protected-resource"').resourceMetadata
 */
export function bearerChallenge(header: string | null | undefined): BearerChallenge | undefined {
  if (!header) return undefined;
  const bearer = parseWwwAuthenticate(header).find((c) => c.scheme === "bearer");
  if (!bearer) return undefined;
  const { resource_metadata, scope, error, error_description } = bearer.params;
  const scopes = scope?.split(/\s+/).filter((s) => s !== "");
  return {
    ...(resource_metadata !== undefined ? { resourceMetadata: resource_metadata } : {}),
    ...(scopes !== undefined && scopes.length > 0 ? { scope: scopes } : {}),
    ...(error !== undefined ? { error } : {}),
    ...(error_description !== undefined ? { errorDescription: error_description } : {}),
  };
}
