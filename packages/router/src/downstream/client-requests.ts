import { ErrorCode, GatewayError } from "@mcpgw/core";
import type { Upstream } from "../upstream/upstream.js";
import { fromClientAnswer } from "./protocol-error.js";

/** Asks a session's client outside any request of it (the owner of a `session`-mode upstream); none: no such session. */
export type AskSession = (session: string, method: string, params: unknown) => Promise<unknown> | undefined;

/**
 * Where a server's request to a client (sampling, elicitation, roots) goes, the one place that
 * decides: to the session whose request is in flight on that upstream (through that request, so
 * a 2026-07-28 client gets it as `input_required`), or, when nothing is in flight, to the owner
 * of a `session`-mode upstream. When requests of several sessions are in flight on a shared
 * upstream, nobody can tell whose question it is: it is refused, and the error says what to do.
 * A client's error answer goes back to the server as it came.
 */
export async function askClient(upstream: Upstream, method: string, params: unknown, askSession: AskSession): Promise<unknown> {
  const inFlight = [...upstream.inFlight];
  const sessions = new Set(inFlight.map((f) => f.session));
  const asked =
    inFlight.length > 0 && sessions.size === 1
      ? inFlight.at(-1)!.ask(method, params)
      : inFlight.length === 0 && upstream.owner !== undefined
        ? askSession(upstream.owner, method, params)
        : undefined;
  if (!asked) {
    const why = sessions.size > 1 ? "requests of several clients are in flight on it" : "no client request is in flight on it";
    throw new GatewayError(ErrorCode.NO_CLIENT_TO_ASK, `server "${upstream.name}" sent ${method}, but ${why}; give it sharing: session`, {
      data: { server: upstream.name, method },
    });
  }
  return asked.catch((error: unknown) => {
    throw fromClientAnswer(error);
  });
}
