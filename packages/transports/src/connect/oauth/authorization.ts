// The user's part of the authorization code flow: the URL they open, the scopes asked for, and
// the loopback server on 127.0.0.1 their browser is redirected to with the code.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { ErrorCode, GatewayError } from "@mcpgw/core";
import type { AuthorizationServerMetadata, ProtectedResourceMetadata } from "./discovery.js";
import type { BearerChallenge } from "./www-authenticate.js";

/** What goes into an authorization URL. */
export interface AuthorizationRequest {
  authorizationServer: AuthorizationServerMetadata;
  clientId: string;
  redirectUri: string;
  /** The S256 PKCE challenge. */
  codeChallenge: string;
  state: string;
  scope?: readonly string[];
  /** The resource indicator (RFC 8707). */
  resource: URL;
}

/**
 * The URL the user opens: the authorization endpoint with `response_type=code`, the client,
 * redirect URI, PKCE challenge (S256), state, scope when there is one, and the resource.
 */
export function buildAuthorizationUrl(request: AuthorizationRequest): URL {
  const url = new URL(request.authorizationServer.authorization_endpoint);
  const params: [string, string][] = [
    ["response_type", "code"],
    ["client_id", request.clientId],
    ["redirect_uri", request.redirectUri],
    ["code_challenge", request.codeChallenge],
    ["code_challenge_method", "S256"],
    ["state", request.state],
  ];
  if (request.scope && request.scope.length > 0) params.push(["scope", request.scope.join(" ")]);
  params.push(["resource", request.resource.href]);
  for (const [name, value] of params) url.searchParams.set(name, value);
  return url;
}

/**
 * The scopes to ask for, as the MCP spec says: the challenge's `scope`, else the resource
 * metadata's `scopes_supported`, else none (`undefined`: the parameter is left out).
 */
export function selectScope(challenge: BearerChallenge | undefined, protectedResource: ProtectedResourceMetadata | undefined): string[] | undefined {
  if (challenge?.scope && challenge.scope.length > 0) return challenge.scope;
  const supported = protectedResource?.scopes_supported?.filter((s) => typeof s === "string" && s !== "");
  return supported && supported.length > 0 ? supported : undefined;
}

/** The default port of the loopback callback, as Docker's gateway uses. */
export const DEFAULT_OAUTH_PORT = 5000;

/**
 * The callback port from `MCPGW_OAUTH_PORT` (0: any free one), default {@link DEFAULT_OAUTH_PORT}.
 * @throws GatewayError `INVALID_ARGUMENT` for a value that is not a port number.
 */
export function oauthCallbackPort(env: Record<string, string | undefined> = process.env): number {
  const raw = env.MCPGW_OAUTH_PORT?.trim();
  if (raw === undefined || raw === "") return DEFAULT_OAUTH_PORT;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65_535) throw new GatewayError(ErrorCode.INVALID_ARGUMENT, `MCPGW_OAUTH_PORT must be a port number (0 for any free one), not "${raw}"`);
  return port;
}

/** Options of {@link startCallbackServer}. */
export interface CallbackServerOptions {
  /** 0 for any free port. */
  port: number;
  /** The `state` of the authorization request; a callback with another is answered 400 and ignored. */
  state: string;
  /** Default `/callback`. */
  path?: string;
}

/** A loopback server waiting for one authorization callback. */
export interface CallbackServer extends AsyncDisposable {
  /** `http://127.0.0.1:PORT/callback`: the redirect URI to register and send. */
  readonly redirectUri: string;
  /**
   * The authorization code, once the browser arrives with the right state; the server then
   * closes. Rejects with a GatewayError when the authorization server sent an error, or when
   * `signal` aborts.
   */
  code(signal?: AbortSignal): Promise<string>;
  close(): Promise<void>;
}

/**
 * Starts the loopback callback server on 127.0.0.1.
 * @throws GatewayError `IO` when the port is taken.
 */
export async function startCallbackServer(options: CallbackServerOptions): Promise<CallbackServer> {
  const path = options.path ?? "/callback";
  let settle: { resolve(code: string): void; reject(error: Error): void } | undefined;
  const outcome = new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
  outcome.catch(() => undefined);
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const answer = (status: number, title: string, text: string) => {
      response.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", connection: "close" });
      response.end(page(title, text));
    };
    if (request.method !== "GET" || url.pathname !== path) return answer(404, "Not found", "This is mcpgw's OAuth callback; nothing is here.");
    if (url.searchParams.get("state") !== options.state) return answer(400, "Authorization failed", "This callback does not belong to the authorization mcpgw is waiting for.");
    const error = url.searchParams.get("error");
    if (error !== null) {
      const description = url.searchParams.get("error_description");
      answer(400, "Authorization failed", `The authorization server answered: ${error}${description ? ` (${description})` : ""}. You can close this window.`);
      settle?.reject(
        new GatewayError(ErrorCode.REFUSED, `the authorization was not granted: ${error}${description ? ` (${description})` : ""}`, { data: { oauthError: error } }),
      );
    } else {
      const code = url.searchParams.get("code");
      if (!code) return answer(400, "Authorization failed", "The callback carries no authorization code.");
      answer(200, "Authorization complete", "mcpgw has the authorization. You can close this window.");
      settle?.resolve(code);
    }
    void close();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(new GatewayError(ErrorCode.IO, `the OAuth callback cannot listen on 127.0.0.1:${options.port}: ${error.code ?? error.message}`, { cause: error, suggestion: "set MCPGW_OAUTH_PORT to a free port, or 0 for any" })),
    );
    server.listen(options.port, "127.0.0.1", resolve);
  });
  const redirectUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
  let closing: Promise<void> | undefined;
  function close(): Promise<void> {
    closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    return closing;
  }
  const stop = async () => {
    settle?.reject(new GatewayError(ErrorCode.CANCELLED, "the OAuth callback server was closed before a callback arrived"));
    server.closeAllConnections();
    await close();
  };
  return {
    redirectUri,
    code(signal) {
      if (!signal) return outcome;
      return new Promise<string>((resolve, reject) => {
        const onAbort = () => reject(new GatewayError(ErrorCode.CANCELLED, "stopped waiting for the OAuth callback", { cause: signal.reason }));
        if (signal.aborted) return onAbort();
        signal.addEventListener("abort", onAbort, { once: true });
        outcome.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
      });
    },
    close: stop,
    [Symbol.asyncDispose]: stop,
  };
}

function page(title: string, text: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></body></html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
