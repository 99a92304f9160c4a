// Stateless (2026-07-28) requests on Node's own objects. The common request, one whose standard
// headers plainly agree with its body, is served here: a Server from the factory, connected to a
// NodeStatelessExchange that writes the answer to the response. Everything else about the era
// (subscriptions/listen streams, notifications, encoded or missing headers, unsupported
// revisions) stays with the SDK's handler, which is the reference for its rules.
import { randomUUID } from "node:crypto";
import type { IncomingHttpHeaders, ServerResponse } from "node:http";
import type { Logger, Principal } from "@mcpgw/core";
import { definedOnly } from "@mcpgw/core";
import type { InboundModernRoute, JSONRPCRequest } from "@modelcontextprotocol/server";
import { NodeStatelessExchange } from "./node/node-stateless-exchange.js";
import { writeRejection } from "./node/node-http.js";
import { HTTP_ERROR_CODES } from "./http-errors.js";
import { HTTP_STATUS } from "./http-status.js";
import { createWatchedServer } from "./server-end.js";
import type { SessionFactory } from "./session-factory.js";

/** Whether a protocol revision belongs to the stateless era (2026-07-28 and later). */
export const isModernRevision = (version: string | undefined): boolean => version !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(version) && version >= "2026-07-28";

/** The stateless revisions served here; a request naming another goes to the SDK, which answers it. */
const NATIVE_REVISIONS: readonly string[] = ["2026-07-28"];

/** The body field each method's `Mcp-Name` header mirrors (SEP-2243, and SEP-2663 for tasks). */
const NAME_SOURCE: Readonly<Record<string, string>> = {
  "tools/call": "name",
  "prompts/get": "name",
  "resources/read": "uri",
  "tasks/get": "taskId",
  "tasks/update": "taskId",
  "tasks/cancel": "taskId",
};

/** A header's value without the optional whitespace HTTP allows around it. */
const headerValue = (value: string | string[] | undefined): string | undefined => (typeof value === "string" ? value.replace(/^[ \t]+|[ \t]+$/g, "") : undefined);

/** What {@link classify}'s caller passes the SDK's classifier: the standard headers, read raw. */
export function standardHeaders(headers: IncomingHttpHeaders): { protocolVersionHeader?: string; mcpMethodHeader?: string; mcpNameHeader?: string } {
  return definedOnly({ protocolVersionHeader: headerValue(headers["mcp-protocol-version"]), mcpMethodHeader: headerValue(headers["mcp-method"]), mcpNameHeader: headerValue(headers["mcp-name"]) });
}

/**
 * The request this route carries when it is served here; `undefined` leaves the route to the
 * SDK. Served here: a request (not a notification, not `subscriptions/listen`) of a supported
 * revision whose `MCP-Protocol-Version` and `Mcp-Method` headers are present (the classifier
 * already checked they match the body) and whose `Mcp-Name`, where the method has one, is the
 * body's value written plainly.
 */
export function nativelyServed(route: InboundModernRoute, headers: IncomingHttpHeaders): JSONRPCRequest | undefined {
  if (route.messageKind !== "request") return undefined;
  const message = route.message;
  if (message.method === "subscriptions/listen") return undefined;
  const revision = route.classification.revision;
  if (revision === undefined || !NATIVE_REVISIONS.includes(revision)) return undefined;
  const standard = standardHeaders(headers);
  if (standard.protocolVersionHeader === undefined || standard.mcpMethodHeader === undefined) return undefined;
  const field = Object.hasOwn(NAME_SOURCE, message.method) ? NAME_SOURCE[message.method] : undefined;
  if (field !== undefined) {
    const value = (message.params as Record<string, unknown> | undefined)?.[field];
    if (typeof value !== "string" || standard.mcpNameHeader !== value || value.startsWith("=?")) return undefined;
  }
  return message;
}

/** Serves stateless requests natively; `closeAll` ends those in flight (shutdown). */
export class StatelessRequests {
  readonly #inFlight = new Set<NodeStatelessExchange>();

  constructor(
    private readonly factory: SessionFactory,
    private readonly logger: Logger,
  ) {}

  /**
   * Serves `message` (see {@link nativelyServed}) of `principal` on `profile`; resolves once it is answered or
   * abandoned, with `false` when the factory's Server does not list the request's revision (see
   * `SessionFactory.createServer`): `res` is then untouched, for the SDK's handler to serve.
   */
  async serve(route: InboundModernRoute, message: JSONRPCRequest, res: ServerResponse, principal: Principal | undefined, profile: string | undefined): Promise<boolean> {
    const server = createWatchedServer(this.factory, { id: randomUUID(), transport: "streamable-http", era: "2026-07-28", ...definedOnly({ principal, profile }) }, this.logger);
    const exchange = new NodeStatelessExchange(res, route.classification);
    exchange.onerror = (error) => this.logger.debug("stateless MCP request failed", { error: error.message });
    this.#inFlight.add(exchange);
    try {
      await server.connect(exchange);
      if (server.getNegotiatedProtocolVersion() !== route.classification.revision) {
        exchange.release();
        await server.close();
        return false;
      }
      await exchange.serve(message, { classification: route.classification });
    } catch (error) {
      this.logger.error("serving a stateless MCP request failed", { error: error instanceof Error ? error.message : String(error) });
      const id = typeof message.id === "string" || typeof message.id === "number" ? message.id : null;
      if (!res.headersSent) writeRejection(res, HTTP_STATUS.INTERNAL_ERROR, HTTP_ERROR_CODES.INTERNAL_ERROR, "Internal server error", {}, id);
      await server.close().catch(() => {});
    } finally {
      this.#inFlight.delete(exchange);
    }
    return true;
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.#inFlight].map((exchange) => exchange.close()));
  }
}
