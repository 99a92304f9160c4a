// A remote connection's fetch with OAuth on it: every request carries the current bearer token;
// a 401 is retried once with a renewed token, and otherwise becomes the error that says how to
// authorize; a 403 `insufficient_scope` becomes the error that asks for the wider scope.
import type { RemoteAuthorization } from "./oauth-broker.js";
import { bearerChallenge } from "./www-authenticate.js";

/**
 * `inner` with `authorization`'s bearer token on every request. Requests are sent again only
 * after a 401, with the same `init` (the MCP transports send string bodies).
 * @throws GatewayError `AUTHORIZATION_REQUIRED` (or `REFUSED` after too many step-ups); the SDK
 *   transports pass it through to the request it failed.
 */
export function authorizedFetch(inner: typeof fetch, authorization: RemoteAuthorization): typeof fetch {
  return async (input, init) => {
    let sent = await authorization.token();
    let renewed = false;
    for (;;) {
      const response = await inner(input, withBearer(init, sent));
      if (response.status === 401) {
        await response.body?.cancel();
        if (!renewed) {
          renewed = true;
          const next = await authorization.renew(sent);
          if (next !== undefined && next !== sent) {
            sent = next;
            continue;
          }
        }
        throw await authorization.required(bearerChallenge(response.headers.get("www-authenticate")));
      }
      if (response.status === 403) {
        const challenge = bearerChallenge(response.headers.get("www-authenticate"));
        if (challenge?.error === "insufficient_scope") {
          await response.body?.cancel();
          throw await authorization.stepUp(challenge);
        }
      }
      if (response.ok) authorization.accepted();
      return response;
    }
  };
}

/** `init` with `Authorization: Bearer <token>` (or without any, when there is no token). */
function withBearer(init: RequestInit | undefined, token: string | undefined): RequestInit {
  const headers = new Headers(init?.headers);
  if (token === undefined) headers.delete("authorization");
  else headers.set("authorization", `Bearer ${token}`);
  return { ...init, headers };
}
