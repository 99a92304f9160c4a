// A call that failed because a remote server wants an OAuth authorization the gateway lacks is
// not lost when the client can help: a client that declared URL elicitation is asked to open
// the authorization URL (pushed on a 2025-11-25 session, an `input_required` round for a
// 2026-07-28 client), and once the gateway has the tokens the call is sent again. Other clients
// get the error itself, which names `mcpgw oauth authorize SERVER` and carries the URL.
import { ErrorCode, GatewayError, UpstreamError } from "@mcpgw/core";
import type { CancelSignal } from "../calls/cancellation.js";
import { toAbortSignal } from "../calls/cancellation.js";

/** Waits for authorizations the gateway started (its OAuth broker). */
export interface AuthorizationWaits {
  /** Settles once authorization `id` has stored its tokens; rejects when it failed or expired. */
  completion(id: string, signal?: AbortSignal): Promise<void>;
}

/** What a client is asked to open. */
interface AuthorizationNeeded {
  server: string;
  url: string;
  elicitationId: string;
}

/** How the call's client can be reached. */
export interface AuthorizingClient {
  /** It declared `elicitation.url`. */
  acceptsUrlElicitation: boolean;
  ask(method: string, params: unknown): Promise<unknown>;
  notify(notification: { method: "notifications/elicitation/complete"; params: { elicitationId: string } }): Promise<void>;
  signal: CancelSignal;
}

/** Authorizations in a row one call may go through: a first one and a step-up to a wider scope. */
const MAX_ROUNDS = 3;

/**
 * Runs `attempt`, and again after each authorization the client completes, at most
 * {@link MAX_ROUNDS} times; any other failure, a declined elicitation, or a client that cannot
 * be asked, ends it with the error as it came.
 */
export function withAuthorization<T>(attempt: () => Promise<T>, client: AuthorizingClient, waits: AuthorizationWaits | undefined): Promise<T> {
  // A client that cannot be asked, or no authorizations to wait for: the first attempt is the call.
  if (!waits || !client.acceptsUrlElicitation) return attempt();
  return retryAfterAuthorization(attempt, client, waits);
}

async function retryAfterAuthorization<T>(attempt: () => Promise<T>, client: AuthorizingClient, waits: AuthorizationWaits): Promise<T> {
  for (let round = 1; ; round++) {
    try {
      return await attempt();
    } catch (error) {
      const needed = round < MAX_ROUNDS ? authorizationNeeded(error) : undefined;
      if (!needed) throw error;
      const answer = (await client.ask("elicitation/create", {
        mode: "url",
        elicitationId: needed.elicitationId,
        url: needed.url,
        message: `mcpgw needs your authorization to use "${needed.server}": open the link, sign in and allow access.`,
      })) as { action?: unknown } | undefined;
      if (answer?.action !== "accept") throw error;
      await waits.completion(needed.elicitationId, toAbortSignal(client.signal)).catch((failure: unknown) => {
        throw new GatewayError(ErrorCode.AUTHORIZATION_REQUIRED, `the authorization of remote server "${needed.server}" did not complete: ${failure instanceof Error ? failure.message : String(failure)}`, {
          data: { server: needed.server, command: `mcpgw oauth authorize ${needed.server}` },
          suggestion: `mcpgw oauth authorize ${needed.server}`,
        });
      });
      await client.notify({ method: "notifications/elicitation/complete", params: { elicitationId: needed.elicitationId } }).catch(() => {});
    }
  }
}

/** The authorization an error asks for, whether raised here or relayed as an upstream's error answer. */
export function authorizationNeeded(error: unknown): AuthorizationNeeded | undefined {
  const data = error instanceof GatewayError && error.code === ErrorCode.AUTHORIZATION_REQUIRED ? error.data : error instanceof UpstreamError ? error.data : undefined;
  if (typeof data !== "object" || data === null) return undefined;
  const d = data as Record<string, unknown>;
  if (error instanceof UpstreamError && d.code !== ErrorCode.AUTHORIZATION_REQUIRED) return undefined;
  return typeof d.server === "string" && typeof d.url === "string" && typeof d.elicitationId === "string" ? { server: d.server, url: d.url, elicitationId: d.elicitationId } : undefined;
}
