// Every request of the OAuth client goes through one injected fetch, so the gateway can hand in
// the SSRF-guarded fetch of remote servers, and every answer is read under a deadline and a size
// cap: metadata and token endpoints are other people's servers.
import { ErrorCode, GatewayError } from "@mcpgw/core";
import { createGuardedFetch } from "../guarded-fetch.js";

/** The fetch the OAuth client uses: the global one, or a guarded one (`createGuardedFetch`). */
export type OAuthFetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** Bounds on one OAuth request. */
export interface FetchLimits {
  /** Deadline for the whole exchange, body included; default 10 s. */
  timeoutMs?: number;
  /** Largest body read; default 256 KiB. */
  maxBytes?: number;
}

/** An answer whose body was read whole and parsed as JSON when it is JSON. */
export interface JsonReply {
  status: number;
  ok: boolean;
  headers: Headers;
  /** The parsed body, or `undefined` when it is empty or not JSON. */
  body: unknown;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_BYTES = 256 * 1024;

/**
 * Sends one request and reads its JSON answer under `limits`. `what` names the request in errors
 * ("token request to https://as.example/token"); it must never hold a secret.
 *
 * @throws GatewayError `TIMEOUT` past the deadline, `SERVER_START_FAILED` when the peer cannot be
 *   reached or answers too much; a GatewayError from the fetch itself (an SSRF refusal) as is.
 */
export async function fetchJson(fetchImpl: OAuthFetch, url: URL, init: RequestInit, what: string, limits: FetchLimits = {}): Promise<JsonReply> {
  const timeoutMs = limits.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_BYTES;
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetchImpl(url, { ...init, redirect: "follow", signal, headers: { accept: "application/json", ...(init.headers as Record<string, string> | undefined) } });
    const text = await readLimited(response, maxBytes, what);
    return { status: response.status, ok: response.ok, headers: response.headers, body: parseJson(text) };
  } catch (error) {
    if (error instanceof GatewayError) throw error;
    if (signal.aborted) throw new GatewayError(ErrorCode.TIMEOUT, `${what} got no answer within ${timeoutMs} ms`, { cause: error });
    const reason = error instanceof Error ? ((error.cause as { code?: string } | undefined)?.code ?? error.message) : String(error);
    throw new GatewayError(ErrorCode.SERVER_START_FAILED, `${what} failed: ${reason}`, { cause: error });
  }
}

async function readLimited(response: Response, maxBytes: number, what: string): Promise<string> {
  const declared = Number(response.headers.get("content-length") ?? "0");
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw tooLarge(what, maxBytes);
  }
  if (!response.body) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge(what, maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function parseJson(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function tooLarge(what: string, maxBytes: number): GatewayError {
  return new GatewayError(ErrorCode.SERVER_START_FAILED, `${what} answered more than the ${maxBytes} bytes taken`, { data: { maxBytes } });
}

/** Whether `value` is a JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The fetch of each server's OAuth requests, kept per server; `close()` ends their sockets. */
export interface OAuthFetches {
  fetchFor(server: string): OAuthFetch;
  close(): void;
}

/**
 * Fetches for OAuth requests: `fetch` when given, the global one with `allowPrivateNetworks`,
 * else one SSRF-guarded fetch per server (its messages name the server).
 */
export function createOAuthFetches(options: { fetch?: OAuthFetch | undefined; allowPrivateNetworks?: boolean | undefined }): OAuthFetches {
  const guarded = new Map<string, { fetch: OAuthFetch; close(): void }>();
  return {
    fetchFor(server) {
      if (options.fetch) return options.fetch;
      if (options.allowPrivateNetworks) return fetch;
      const kept = guarded.get(server) ?? createGuardedFetch(server);
      guarded.set(server, kept);
      return kept.fetch;
    },
    close() {
      for (const kept of guarded.values()) kept.close();
      guarded.clear();
    },
  };
}
