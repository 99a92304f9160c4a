// What every MCP route checks before the SDK sees a request: the Host and Origin headers
// (DNS rebinding) and the body's size. Who the caller is, is auth/'s concern.
import { hostHeaderValidation, originValidation } from "@modelcontextprotocol/hono";
import { isJsonContentType, localhostAllowedHostnames, readRequestBody } from "@modelcontextprotocol/server";
import { isLoopback } from "@mcpgw/runtime-kernel";
import type { MiddlewareHandler } from "hono";
import { HTTP_ERROR_CODES, httpError } from "./http-errors.js";
import { HTTP_STATUS } from "./http-status.js";

/** Hostnames of the loopback interface, as the SDK's validators spell them. */
const LOOPBACK_HOSTS = localhostAllowedHostnames();

/**
 * A user-given host or origin as a bare hostname (the SDK validators compare hostnames,
 * port-agnostic): `example.com:8811` and `https://example.com` both become `example.com`.
 * Browser-extension wildcards (`moz-extension://*`) stay as they are.
 */
export function toHostname(entry: string): string {
  const trimmed = entry.trim().toLowerCase();
  if (/^[a-z][a-z0-9+.-]*:\/\/\*$/.test(trimmed)) return trimmed;
  try {
    return new URL(trimmed.includes("://") ? trimmed : `http://${trimmed}`).hostname;
  } catch {
    return trimmed;
  }
}

export interface HostPolicy {
  /** The address the server is bound to. */
  host: string;
  allowedHosts?: readonly string[];
  allowedOrigins?: readonly string[];
}

/**
 * The hostnames a `Host` header may name, or `undefined` for no check. Bound to loopback: the
 * loopback names (and the bind address itself, e.g. 127.0.0.2) plus `allowedHosts`. Bound
 * elsewhere: checked only when `allowedHosts` is given (loopback names plus those); a public
 * bind without it relies on the bearer token, as the SDK's own Hono app does.
 */
export function allowedHostnames(policy: HostPolicy): string[] | undefined {
  const extra = (policy.allowedHosts ?? []).map(toHostname);
  if (isLoopback(policy.host)) {
    const bind = toHostname(policy.host.includes(":") && !policy.host.startsWith("[") ? `[${policy.host}]` : policy.host);
    return [...new Set([...LOOPBACK_HOSTS, bind, ...extra])];
  }
  if (policy.allowedHosts !== undefined) return [...LOOPBACK_HOSTS, ...extra];
  return undefined;
}

/** The hostnames a browser `Origin` may have: always loopback, plus `allowedOrigins`. */
export function allowedOriginHostnames(policy: HostPolicy): string[] {
  return [...LOOPBACK_HOSTS, ...(policy.allowedOrigins ?? []).map(toHostname)];
}

/**
 * 403 for a `Host` not allowed, or a present `Origin` not allowed (a request without one
 * passes): the SDK's Hono middlewares, with the lists above.
 */
export function hostAndOriginGuards(policy: HostPolicy): MiddlewareHandler[] {
  const hosts = allowedHostnames(policy);
  return [...(hosts ? [hostHeaderValidation(hosts)] : []), originValidation(allowedOriginHostnames(policy))];
}

/** Variables the body guard leaves for the routes. */
export interface BodyVariables {
  /** The JSON body of a POST with a JSON content type, parsed once. */
  parsedBody?: unknown;
}

/**
 * Reads a JSON POST body once, up to `maxBytes` (413 past it, 400 when it is not JSON), and
 * leaves it parsed for the routes, which hand it to the SDK as `parsedBody`. A POST with another
 * content type is left unread: the SDK answers it with 415.
 */
export function jsonBodyGuard(maxBytes: number): MiddlewareHandler<{ Variables: BodyVariables }> {
  return async (c, next) => {
    if (c.req.method !== "POST" || !isJsonContentType(c.req.header("content-type"))) return next();
    let text: string;
    try {
      const read = await readRequestBody(c.req.raw, maxBytes);
      if (read.tooLarge) return httpError(HTTP_STATUS.BODY_TOO_LARGE, HTTP_ERROR_CODES.SERVER_ERROR, `Payload Too Large: the request body must not exceed ${maxBytes} bytes`);
      text = read.text;
    } catch {
      return httpError(HTTP_STATUS.BODY_INVALID, HTTP_ERROR_CODES.PARSE_ERROR, "Parse error: the request body could not be read");
    }
    try {
      c.set("parsedBody", JSON.parse(text) as unknown);
    } catch {
      return httpError(HTTP_STATUS.BODY_INVALID, HTTP_ERROR_CODES.PARSE_ERROR, "Parse error: the request body is not valid JSON");
    }
    await next();
  };
}
