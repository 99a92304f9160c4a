import { ErrorCode, GatewayError } from "@mcpgw/core";
import { SdkHttpError, SseError } from "@modelcontextprotocol/client";
import { redact } from "./remote-headers.js";

/** What every message about one remote server needs. */
export interface RemoteErrorContext {
  server: string;
  /** The display URL: no credentials, no query. */
  url: string;
  /** Revealed secret values of the headers, blanked out of every message. */
  secrets: readonly string[];
}

/** A failed exchange with a remote server, as the gateway reports it. */
export interface RemoteFailure {
  error: GatewayError;
  /** The server no longer knows the session: the SDK transport must be replaced. */
  sessionGone: boolean;
}

// Node and undici codes for failures below HTTP, with words a user understands.
const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  ENOTFOUND: "host name not found",
  EAI_AGAIN: "host name lookup failed",
  ETIMEDOUT: "connection timed out",
  UND_ERR_CONNECT_TIMEOUT: "connection timed out",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  EPIPE: "connection closed",
  UND_ERR_SOCKET: "connection closed",
};
const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH)/;
const CODE_IN_TEXT = /\b(E[A-Z]{3,}|UND_ERR_[A-Z_]+|ERR_TLS_[A-Z_]+|ERR_SSL_[A-Z_]+|CERT_[A-Z_]+|UNABLE_TO_[A-Z_]+|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)\b/;
const MAX_BODY_CHARS = 200;

/**
 * Turns whatever sending `method` to a remote server threw into the gateway's error: the server,
 * the URL and the HTTP status or network reason in the message, secrets blanked out.
 * `hadSession` says whether the request carried a session id: only then is a 404 (or a 400 that
 * complains about the session) the server having forgotten it.
 */
export function describeRemoteFailure(error: unknown, context: RemoteErrorContext, method: string | undefined, hadSession: boolean): RemoteFailure {
  const what = method ? ` ${method}` : "";
  // The gateway's own refusals (a non-public address) arrive wrapped by the SDK: they stand as they are.
  const own = gatewayErrorIn(error);
  if (own) return { sessionGone: false, error: own };
  const http = httpStatusOf(error);
  if (http) {
    const body = http.body ? `: ${summariseBody(http.body)}` : "";
    const sessionGone = hadSession && (http.status === 404 || (http.status === 400 && /session/i.test(http.body ?? "")));
    const data = { server: context.server, url: context.url, status: http.status, ...(method ? { method } : {}), ...(sessionGone ? { sessionGone } : {}) };
    if (sessionGone) {
      return {
        sessionGone,
        error: make(
          ErrorCode.SERVER_EXITED,
          `remote server "${context.server}" at ${context.url} no longer knows this session (HTTP ${http.status}${body}); initialize again to start a new one`,
          context,
          error,
          data,
        ),
      };
    }
    return {
      sessionGone,
      error: make(ErrorCode.SERVER_START_FAILED, `remote server "${context.server}" at ${context.url} answered${what} with HTTP ${http.status}${body}`, context, error, data),
    };
  }
  const network = networkCodeOf(error);
  if (network) {
    const reason = NETWORK_REASONS[network] ?? (TLS_CODE.test(network) ? "TLS handshake failed" : "network error");
    return {
      sessionGone: false,
      error: make(ErrorCode.SERVER_START_FAILED, `remote server "${context.server}" at ${context.url} could not be reached: ${reason} (${network})`, context, error, {
        server: context.server,
        url: context.url,
        reason: network,
      }),
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    sessionGone: false,
    error: make(ErrorCode.SERVER_START_FAILED, `remote server "${context.server}" at ${context.url} failed${what}: ${message}`, context, error, {
      server: context.server,
      url: context.url,
    }),
  };
}

/** The error for a request whose answer can no longer come: the stream or connection ended first. */
export function connectionLost(context: RemoteErrorContext, method: string | undefined, detail = "the connection ended"): GatewayError {
  const what = method ? ` ${method}` : " the request";
  return make(ErrorCode.SERVER_EXITED, `remote server "${context.server}" at ${context.url} did not answer${what}: ${detail}`, context, undefined, {
    server: context.server,
    url: context.url,
    ...(method ? { method } : {}),
  });
}

/** The error for a request sent after the session it belonged to was lost: only a new initialize helps. */
export function sessionLost(context: RemoteErrorContext, method: string | undefined): GatewayError {
  const what = method ? ` ${method}` : " the message";
  return make(
    ErrorCode.SERVER_EXITED,
    `remote server "${context.server}" at ${context.url} lost the session; initialize again before sending${what}`,
    context,
    undefined,
    { server: context.server, url: context.url, sessionGone: true, ...(method ? { method } : {}) },
  );
}

/** The error for a request that outlived its time limit. */
export function requestTimedOut(context: RemoteErrorContext, method: string, timeoutMs: number): GatewayError {
  return make(ErrorCode.TIMEOUT, `remote server "${context.server}" at ${context.url} did not answer ${method} within ${timeoutMs} ms`, context, undefined, {
    server: context.server,
    url: context.url,
    method,
    timeoutMs,
  });
}

function make(code: ErrorCode, message: string, context: RemoteErrorContext, cause: unknown, data: Record<string, unknown>): GatewayError {
  return new GatewayError(code, redact(message, context.secrets), { data, ...(cause === undefined ? {} : { cause: safeCause(cause, context.secrets) }) });
}

/** The cause itself when it shows no secret; otherwise a copy with the secret blanked out. */
function safeCause(cause: unknown, secrets: readonly string[]): unknown {
  if (!(cause instanceof Error)) return undefined;
  const message = redact(cause.message, secrets);
  return message === cause.message ? cause : new Error(message);
}

function httpStatusOf(error: unknown): { status: number; body?: string } | undefined {
  if (error instanceof SdkHttpError) {
    const text = (error.data as { text?: unknown }).text;
    return { status: error.status, ...(typeof text === "string" && text !== "" ? { body: text } : {}) };
  }
  if (error instanceof SseError && typeof error.code === "number") return { status: error.code };
  // The legacy SSE transport throws a plain Error for a failed POST: "Error POSTing to endpoint (HTTP 404): <body>".
  if (error instanceof Error) {
    const match = /\(HTTP (\d{3})\):?\s*([\s\S]*)$/.exec(error.message);
    if (match?.[1]) return { status: Number(match[1]), ...(match[2] && match[2] !== "null" ? { body: match[2] } : {}) };
  }
  return undefined;
}

/** The first answer `look` finds along an error's `cause` chain (at most five deep). */
function alongCauses<T>(error: unknown, look: (current: Error) => T | undefined): T | undefined {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    const found = look(current);
    if (found !== undefined) return found;
  }
  return undefined;
}

function gatewayErrorIn(error: unknown): GatewayError | undefined {
  return alongCauses(error, (current) => (current instanceof GatewayError ? current : undefined));
}

function networkCodeOf(error: unknown): string | undefined {
  return alongCauses(error, (current) => {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && (code in NETWORK_REASONS || TLS_CODE.test(code) || /^E[A-Z]+$/.test(code))) return code;
    const inner = (current as { errors?: unknown }).errors;
    if (Array.isArray(inner)) {
      const found = inner.map(networkCodeOf).find((c) => c !== undefined);
      if (found) return found;
    }
    // SseError only carries the text of the fetch failure ("…: connect ECONNREFUSED 127.0.0.1:80").
    if (current instanceof SseError || current.message.startsWith("fetch failed")) return CODE_IN_TEXT.exec(current.message)?.[1];
    return undefined;
  });
}

/** A response body as one short line: a JSON-RPC error's message when it is one. */
function summariseBody(body: string): string {
  let text = body;
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown } };
    if (typeof parsed.error?.message === "string") text = parsed.error.message;
  } catch {
    // Not JSON: show the text itself.
  }
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > MAX_BODY_CHARS ? `${line.slice(0, MAX_BODY_CHARS)}…` : line;
}
