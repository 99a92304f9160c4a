import { ErrorCode, GatewayError, definedOnly } from "@mcpgw/core";
import { isLoopback } from "@mcpgw/runtime-kernel";

/** Options of {@link checkRemoteUrl}. */
export interface RemoteUrlPolicy {
  /** Accept plain `http:` to any host, not only to loopback. */
  allowInsecure?: boolean;
}

/** A remote server's URL, checked and split into what is sent and what may be shown. */
export interface CheckedRemoteUrl {
  /** The URL requests go to: without user info (that becomes a header) and without fragment. */
  url: URL;
  /** Origin and path only: safe for messages, logs and `Connection.id` (no credentials, no query). */
  display: string;
  /** User info from the URL (`https://user:pass@host/`), decoded; it is sent as Basic auth. */
  credentials?: { username: string; password: string };
}

/**
 * Checks a remote server's URL before anything is sent to it: `https:` always passes, `http:`
 * only to a loopback host (127.0.0.0/8, ::1, localhost) unless `allowInsecure` is set; any other
 * scheme is refused. Does no network I/O.
 *
 * @throws GatewayError `REFUSED` (insecure or unsupported scheme) or `CONFIG_INVALID` (not a URL),
 *   naming the server and the URL without its credentials or query.
 * @example
 * checkRemoteUrl("github", "https://api.example.com/mcp").display; // "https://api.example.com/mcp"
 */
export function checkRemoteUrl(server: string, raw: string, policy: RemoteUrlPolicy = {}): CheckedRemoteUrl {
  let url: URL;
  try {
    url = new URL(raw);
  } catch (error) {
    // The text is not echoed: an unparseable URL may still carry a token.
    throw new GatewayError(ErrorCode.CONFIG_INVALID, `remote server "${server}" has a url that is not a valid URL`, {
      cause: error,
      data: { server },
    });
  }
  const display = displayUrl(url);
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new GatewayError(ErrorCode.REFUSED, `remote server "${server}": ${display} is refused: only https (or http to a loopback host) is supported`, {
      data: { server, url: display },
    });
  }
  if (url.protocol === "http:" && !policy.allowInsecure && !isLoopback(url.hostname)) {
    throw new GatewayError(
      ErrorCode.REFUSED,
      `remote server "${server}": ${display} is refused: plain http is allowed only to 127.0.0.1, ::1 or localhost; use https`,
      { data: { server, url: display }, suggestion: "use an https URL, or allow insecure remotes explicitly (allowInsecure)" },
    );
  }
  const credentials =
    url.username || url.password ? { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) } : undefined;
  // fetch() refuses URLs with user info, and a fragment is never sent: drop both.
  const target = new URL(url.href);
  target.username = "";
  target.password = "";
  target.hash = "";
  return { url: target, display, ...definedOnly({ credentials }) };
}

/** `scheme://host[:port]/path`: what a message may show of a URL. */
export function displayUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}
