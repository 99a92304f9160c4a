// How the gateway acts as an OAuth 2.1 resource server, and the checks on that configuration.
import { ErrorCode, GatewayError } from "@mcpgw/core";
import { isLoopback } from "@mcpgw/runtime-kernel";

/** The gateway as an OAuth 2.1 resource server: which issuer's access tokens it accepts, for what. */
export interface OAuthResourceOptions {
  /** The authorization server's issuer identifier; tokens' `iss` must equal it. */
  issuer: string;
  /**
   * The gateway's canonical URL, e.g. `https://mcp.example.com/mcp`: named as `resource` in its
   * protected-resource metadata, and the audience tokens must carry unless `audience` is given.
   */
  resource: string;
  /** The `aud` tokens must carry, when the issuer names this resource otherwise. Default `resource`. */
  audience?: string;
  /** Where the issuer's signing keys are; default: its metadata's `jwks_uri`. */
  jwksUrl?: string;
  /** Scopes every access token must have (403 `insufficient_scope` otherwise). Default none. */
  requiredScopes?: readonly string[];
}

/**
 * Checks the configuration before anything is served: URLs absolute and `https` (plain `http`
 * only on loopback, where tests and local issuers live), the resource without a fragment.
 */
export function checkOAuthOptions(options: OAuthResourceOptions): void {
  checkUrl("issuer", options.issuer);
  const resource = checkUrl("resource (public URL)", options.resource);
  if (resource.hash !== "") throw invalid(`the OAuth resource URL ${options.resource} must not have a fragment`);
  if (options.jwksUrl !== undefined) checkUrl("JWKS URL", options.jwksUrl);
  if (options.audience !== undefined && options.audience.trim() === "") throw invalid("the OAuth audience is empty");
  for (const scope of options.requiredScopes ?? []) if (!/^[\x21\x23-\x5B\x5D-\x7E]+$/.test(scope)) throw invalid(`"${scope}" is not a valid OAuth scope`);
}

function checkUrl(what: string, value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid(`the OAuth ${what} "${value}" is not an absolute URL`);
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopback(url.hostname))) {
    throw invalid(`the OAuth ${what} ${value} must use https (http only on loopback)`);
  }
  return url;
}

const invalid = (message: string) => new GatewayError(ErrorCode.INVALID_ARGUMENT, message);
