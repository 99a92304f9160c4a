// Finding an authorization server's signing keys from its issuer identifier: RFC 8414 metadata
// first, OpenID Connect discovery second, as MCP clients do.
import { ErrorCode, GatewayError } from "@mcpgw/core";

/** The metadata URLs to try for `issuer`, in order. */
export function issuerMetadataUrls(issuer: string): string[] {
  const url = new URL(issuer);
  const path = url.pathname.replace(/\/$/, "");
  const origin = url.origin;
  // RFC 8414 puts the well-known segment before the issuer's path; OIDC appends it.
  const urls = [`${origin}/.well-known/oauth-authorization-server${path}`, `${origin}${path}/.well-known/openid-configuration`];
  if (path !== "") urls.push(`${origin}/.well-known/openid-configuration${path}`);
  return urls;
}

/**
 * The `jwks_uri` of the issuer's metadata. The metadata must name the same issuer (RFC 8414
 * §3.3), or a document served elsewhere could point at another's keys.
 */
export async function discoverJwksUrl(issuer: string, fetchImpl: typeof fetch = fetch): Promise<URL> {
  const failures: string[] = [];
  for (const url of issuerMetadataUrls(issuer)) {
    let response: Response;
    try {
      response = await fetchImpl(url, { headers: { accept: "application/json" }, signal: AbortSignal.timeout(5_000) });
    } catch (error) {
      failures.push(`${url}: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    if (!response.ok) {
      await response.body?.cancel();
      failures.push(`${url}: HTTP ${response.status}`);
      continue;
    }
    const metadata = (await response.json().catch(() => undefined)) as { issuer?: unknown; jwks_uri?: unknown } | undefined;
    if (metadata?.issuer !== issuer) throw refused(`the metadata at ${url} names another issuer than ${issuer}`);
    if (typeof metadata.jwks_uri !== "string" || !URL.canParse(metadata.jwks_uri)) throw refused(`the metadata at ${url} has no jwks_uri URL`);
    return new URL(metadata.jwks_uri);
  }
  throw new GatewayError(ErrorCode.NOT_FOUND, `no metadata found for the OAuth issuer ${issuer} (${failures.join("; ")})`, { suggestion: SUGGESTION });
}

const SUGGESTION = "check the OAuth issuer, or give the JWKS URL";
const refused = (message: string) => new GatewayError(ErrorCode.REFUSED, message, { suggestion: SUGGESTION });
