// The user's part of the authorization code flow: the URL they open, the scopes asked for, and
// the loopback server on 127.0.0.1 their browser is redirected to with the code.
import { ErrorCode, GatewayError } from "@mcpgw/core";
import { CallbackWaiters, listenForCallbacks } from "./callback-waiters.js";
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
  /** The resource indicator (RFC 8707); absent for an OAuth provider, which names none. */
  resource?: URL;
}

/**
 * The URL the user opens: the authorization endpoint with `response_type=code`, the client,
 * redirect URI, PKCE challenge (S256), state, scope and resource when there are.
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
  if (request.resource) params.push(["resource", request.resource.href]);
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
 * Starts the loopback callback server on 127.0.0.1, for one flow; it closes once that flow's
 * callback has come.
 * @throws GatewayError `IO` when the port is taken.
 */
export async function startCallbackServer(options: CallbackServerOptions): Promise<CallbackServer> {
  const waiters = new CallbackWaiters();
  const outcome = waiters.wait(options.state);
  const listener = await listenForCallbacks(options.port, waiters, options.path);
  void outcome.then(
    () => listener.close(),
    () => listener.close(),
  );
  const stop = async () => {
    waiters.cancel(options.state, new GatewayError(ErrorCode.CANCELLED, "the OAuth callback server was closed before a callback arrived"));
    await listener.close();
  };
  return {
    redirectUri: listener.redirectUri,
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
