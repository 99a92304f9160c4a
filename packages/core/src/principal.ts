/**
 * Who a downstream caller proved to be. The HTTP transports establish it (an OAuth access
 * token, or a named static token from the policy file); the router's authorization policy
 * decides from it what the caller may list and call. A caller on stdio, or holding the single
 * gateway token, has no principal: it is the gateway's owner and sees everything.
 */
export interface Principal {
  /** How the caller proved it: a validated OAuth access token, or a named static token. */
  readonly via: "oauth" | "token";
  /** The access token's `sub` claim, or the static token's name. */
  readonly subject: string;
  /** The access token's scopes (`scope` claim), or the static token's scopes from the policy file. */
  readonly scopes: readonly string[];
  /** The OAuth client the token was issued to (`client_id` or `azp`), when it names one. */
  readonly clientId?: string;
}
