import { GatewayError } from "@mcpgw/core";

/** What `index.ts` prints on stdout once the gateway listens. */
export interface StartupInfo {
  /** The gateway's base URL, e.g. `http://127.0.0.1:8811`. */
  url: string;
  /** The home's stored token, used because none was given; printed with its file. A token that was given is never printed. */
  storedToken?: { token: string; file: string } | undefined;
  /** Whether clients must send a bearer token. */
  authenticated: boolean;
}

/** The lines printed at start: the endpoint, and the token when it is the stored one. */
export function formatStartup({ url, storedToken, authenticated }: StartupInfo): string {
  const lines = [`mcpgw is serving MCP at ${url}/mcp (legacy SSE at ${url}/sse, health at ${url}/health)`];
  if (storedToken !== undefined) {
    lines.push(`Bearer token (kept in ${storedToken.file} across restarts; \`mcpgw gateway token --rotate\` replaces it, MCPGW_AUTH_TOKEN overrides it): ${storedToken.token}`);
  }
  else if (!authenticated) lines.push("No bearer token: MCPGW_ALLOW_UNAUTHENTICATED is true.");
  return `${lines.join("\n")}\n`;
}

/** How a failed start is told on stderr: an expected error by its message and suggestion, a bug with its stack. */
export function formatStartupError(error: unknown): string {
  if (error instanceof GatewayError) return `mcpgw-server: ${error.message}${error.suggestion ? `\n  → ${error.suggestion}` : ""}\n`;
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return `mcpgw-server: unexpected error (a bug): ${detail}\n`;
}
