// Authorization callbacks being waited for, by `state`: the one place a browser's return
// (`?code=…&state=…` or `?error=…`) is matched to its flow and answered with a page. The
// loopback listener of `startCallbackServer` and the gateway's `/oauth/callback` route both
// hand their queries here.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { ErrorCode, GatewayError } from "@mcpgw/core";

/** What the browser is shown. */
export interface CallbackPage {
  status: number;
  title: string;
  text: string;
}

interface Waiter {
  resolve(code: string): void;
  reject(error: Error): void;
}

/** Flows waiting for their callback, each by the `state` it sent. */
export class CallbackWaiters {
  readonly #waiting = new Map<string, Waiter>();

  /** How many flows are waiting. */
  get size(): number {
    return this.#waiting.size;
  }

  /** The code the callback for `state` brings; rejects when the server sent an error or {@link cancel} is called. */
  wait(state: string): Promise<string> {
    const code = new Promise<string>((resolve, reject) => this.#waiting.set(state, { resolve, reject }));
    code.catch(() => undefined);
    return code;
  }

  /** Stops waiting for `state`, rejecting its waiter with `error`. */
  cancel(state: string, error: Error): void {
    const waiter = this.#waiting.get(state);
    this.#waiting.delete(state);
    waiter?.reject(error);
  }

  /** Settles the waiter the query's `state` names and returns the page to show; a query of no flow settles nothing. */
  settle(query: URLSearchParams): CallbackPage {
    const state = query.get("state");
    const waiter = state === null ? undefined : this.#waiting.get(state);
    if (!waiter || state === null) return { status: 400, title: "Authorization failed", text: "This callback does not belong to an authorization mcpgw is waiting for." };
    const error = query.get("error");
    if (error !== null) {
      const description = query.get("error_description");
      const said = `${error}${description ? ` (${description})` : ""}`;
      this.#waiting.delete(state);
      waiter.reject(new GatewayError(ErrorCode.REFUSED, `the authorization was not granted: ${said}`, { data: { oauthError: error } }));
      return { status: 400, title: "Authorization failed", text: `The authorization server answered: ${said}. You can close this window.` };
    }
    const code = query.get("code");
    if (!code) return { status: 400, title: "Authorization failed", text: "The callback carries no authorization code." };
    this.#waiting.delete(state);
    waiter.resolve(code);
    return { status: 200, title: "Authorization complete", text: "mcpgw has the authorization. You can close this window." };
  }
}

/** A page as HTML, every text escaped. */
export function callbackPageHtml(page: CallbackPage): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(page.title)}</title></head><body><h1>${escapeHtml(page.title)}</h1><p>${escapeHtml(page.text)}</p></body></html>`;
}

/** A listener on 127.0.0.1 that hands callbacks at `path` to waiters. */
export interface CallbackListener {
  /** `http://127.0.0.1:PORT/PATH`: the redirect URI to register and send. */
  readonly redirectUri: string;
  /** Stops listening; connections still open are dropped. */
  close(): Promise<void>;
}

/**
 * Listens on 127.0.0.1:`port` (0: any free one) for callbacks at `path`, settled by `waiters`.
 * @throws GatewayError `IO` naming the port when it is taken.
 */
export async function listenForCallbacks(port: number, waiters: CallbackWaiters, path = "/callback"): Promise<CallbackListener> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const page: CallbackPage =
      request.method === "GET" && url.pathname === path ? waiters.settle(url.searchParams) : { status: 404, title: "Not found", text: "This is mcpgw's OAuth callback; nothing is here." };
    response.writeHead(page.status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", connection: "close" });
    response.end(callbackPageHtml(page));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        new GatewayError(ErrorCode.IO, `the OAuth callback cannot listen on 127.0.0.1:${port}: ${error.code ?? error.message}`, {
          cause: error,
          suggestion: "set MCPGW_OAUTH_PORT to a free port, or 0 for any",
        }),
      ),
    );
    server.listen(port, "127.0.0.1", resolve);
  });
  let closing: Promise<void> | undefined;
  return {
    redirectUri: `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        // The answer just sent says `connection: close`; idle keep-alive sockets go now.
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
