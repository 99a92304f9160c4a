// RFC 9728 protected-resource metadata: how an MCP client finds the authorization server.
import { getOAuthProtectedResourceMetadataUrl } from "@modelcontextprotocol/server";
import type { OAuthResourceOptions } from "./oauth-options.js";

const WELL_KNOWN = "/.well-known/oauth-protected-resource";

/** The RFC 9728 document the gateway serves. */
export interface ProtectedResourceMetadata {
  resource: string;
  authorization_servers: string[];
  scopes_supported: string[];
  bearer_methods_supported: ["header"];
}

/**
 * Where a resource's metadata lives (RFC 9728 §3.1): the well-known path inserted between the
 * resource URL's origin and its path, so `https://mcp.example.com/mcp` has
 * `https://mcp.example.com/.well-known/oauth-protected-resource/mcp`. The SDK's rule.
 */
export function protectedResourceMetadataUrl(resource: string): string {
  return getOAuthProtectedResourceMetadataUrl(new URL(resource));
}

/**
 * The app paths that answer the metadata: the bare well-known path and the one suffixed with
 * the resource's path, and with `/mcp` in any case (clients probe both forms, and a proxy in
 * front may have moved the resource's path).
 */
export function protectedResourceMetadataPaths(resource: string): string[] {
  const path = new URL(resource).pathname.replace(/\/$/, "");
  return [...new Set([WELL_KNOWN, `${WELL_KNOWN}/mcp`, `${WELL_KNOWN}${path}`])];
}

/** The document for `options`. */
export function protectedResourceMetadata(options: OAuthResourceOptions): ProtectedResourceMetadata {
  return {
    resource: options.resource,
    authorization_servers: [options.issuer],
    scopes_supported: [...(options.requiredScopes ?? [])],
    bearer_methods_supported: ["header"],
  };
}
