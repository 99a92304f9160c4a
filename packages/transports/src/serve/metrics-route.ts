import { silentLogger } from "@mcpgw/core";
import type { Logger } from "@mcpgw/core";
import { Hono } from "hono";
import type { Env, MiddlewareHandler } from "hono";
import type { HttpAppEnv } from "./http-app-env.js";
import { createHttpAuth } from "./auth/index.js";
import type { OAuthResourceOptions, StaticToken } from "./auth/index.js";
import { hostAndOriginGuards } from "./http-guards.js";

/**
 * What `/metrics` serves: the gateway's telemetry module renders it; transports only route to
 * it, so that no exporter is imported below the gateway.
 */
export interface MetricsEndpoint {
  /** The current metrics in the exposition format `contentType` names. */
  scrape(): Promise<string>;
  /** e.g. Prometheus' `text/plain; version=0.0.4; charset=utf-8`. */
  contentType: string;
  /** Serve `/metrics` without the caller's token (`--metrics-public`); Host and Origin are checked either way. */
  public?: boolean;
}

/** Who may read a metrics-only app: the options of the HTTP app that decide it, with the same meaning. */
export interface MetricsAppOptions {
  authToken: string | undefined;
  tokens?: readonly StaticToken[];
  oauth?: OAuthResourceOptions;
  host?: string;
  allowedHosts?: readonly string[];
  logger?: Logger;
}

/** Routes `GET /metrics` of `app` to `endpoint`, behind `guards` unless the endpoint is public. */
export function mountMetrics<E extends Env>(app: Hono<E>, endpoint: MetricsEndpoint, guards: { hostAndOrigin: MiddlewareHandler[]; auth: MiddlewareHandler | undefined }): void {
  const chain = endpoint.public || !guards.auth ? guards.hostAndOrigin : [...guards.hostAndOrigin, guards.auth];
  // Host and Origin are always checked, so the chain is never empty.
  app.use("/metrics", ...(chain as [MiddlewareHandler, ...MiddlewareHandler[]]));
  app.get("/metrics", async (c) => c.body(await endpoint.scrape(), 200, { "content-type": endpoint.contentType, "cache-control": "no-store" }));
}

/**
 * An app that serves `/metrics` alone, protected like `/mcp` would be with the same options: the
 * listener `--metrics-port` opens beside a stdio gateway.
 * @example
 * const server = await listen(createMetricsApp(endpoint, { authToken }), { host: "127.0.0.1", port: 9464 });
 */
export function createMetricsApp(endpoint: MetricsEndpoint, options: MetricsAppOptions): Hono<HttpAppEnv> {
  const app = new Hono<HttpAppEnv>();
  const auth = createHttpAuth({ gatewayToken: options.authToken, tokens: options.tokens, oauth: options.oauth, logger: options.logger ?? silentLogger });
  const hostAndOrigin = hostAndOriginGuards({ host: options.host ?? "127.0.0.1", ...(options.allowedHosts ? { allowedHosts: options.allowedHosts } : {}) });
  mountMetrics(app, endpoint, { hostAndOrigin, auth: auth.guard as MiddlewareHandler | undefined });
  return app;
}
