import { GatewayError } from "@mcpgw/core";

/** What `index.ts` prints on stdout once the gateway listens. */
export interface StartupInfo {
  /** The gateway's base URL, e.g. `http://127.0.0.1:8811`. */
  url: string;
  /** A token made up for this run; printed once. A token that was given is never printed. */
  generatedToken?: string | undefined;
  /** Whether clients must send a bearer token. */
  authenticated: boolean;
}

/** The lines printed at start: the endpoint, and the token when it was generated. */
export function formatStartup({ url, generatedToken, authenticated }: StartupInfo): string {
  const lines = [`mcpgw is serving MCP at ${url}/mcp (legacy SSE at ${url}/sse, health at ${url}/health)`];
  if (generatedToken !== undefined) lines.push(`Bearer token (generated for this run; set MCPGW_AUTH_TOKEN to keep one): ${generatedToken}`);
  else if (!authenticated) lines.push("No bearer token: MCPGW_ALLOW_UNAUTHENTICATED is true.");
  return `${lines.join("\n")}\n`;
}

/** How a failed start is told on stderr: an expected error by its message and suggestion, a bug with its stack. */
export function formatStartupError(error: unknown): string {
  if (error instanceof GatewayError) return `mcpgw-server: ${error.message}${error.suggestion ? `\n  → ${error.suggestion}` : ""}\n`;
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return `mcpgw-server: unexpected error (a bug): ${detail}\n`;
}
