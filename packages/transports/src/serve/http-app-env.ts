import type { HttpBindings } from "@hono/node-server";
import type { AuthVariables } from "./auth/index.js";
import type { BodyVariables } from "./http-guards.js";

/** Bindings and variables of the app: on Node, @hono/node-server passes the raw request and response. */
export interface HttpAppEnv {
  Bindings: Partial<HttpBindings>;
  Variables: BodyVariables & AuthVariables;
}
