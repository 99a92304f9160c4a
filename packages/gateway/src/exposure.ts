// Who may reach an HTTP gateway, decided in one place for `mcpgw gateway run` and the server
// app alike: the bind address, the owner token, named static tokens, OAuth, the Host check.
// Messages name a setting by its flag and its variable, so they read right from either.
import { randomBytes } from "node:crypto";
import { ErrorCode, GatewayError, definedOnly } from "@mcpgw/core";
import { isLoopback } from "@mcpgw/runtime-kernel";
import type { HttpAppOptions, StaticToken } from "@mcpgw/transports/http";
import type { TlsFiles } from "./tls-files.js";

/** The gateway as an OAuth 2.1 resource server (`--oauth-*` flags). */
export interface GatewayOAuthOptions {
  /** The authorization server's issuer identifier (`--oauth-issuer`). */
  issuer: string;
  /** The `aud` access tokens must carry; default the public URL (`--oauth-audience`). */
  audience?: string;
  /** The issuer's JWKS; default from its metadata (`--oauth-jwks-url`). */
  jwksUrl?: string;
  /** Scopes every access token must have (`--oauth-scopes`). */
  requiredScopes?: readonly string[];
}

/** What of createGateway's options decides who may reach the HTTP gateway. */
export interface ExposureInput {
  /** The bind address. */
  host: string;
  port: number;
  /** The owner token given as an option (not read from the environment). */
  authToken?: string | undefined;
  allowUnauthenticated?: boolean | undefined;
  oauth?: GatewayOAuthOptions | undefined;
  publicUrl?: string | undefined;
  staticTokens?: readonly StaticToken[] | undefined;
  /** Hostnames a `Host` header may name; `["*"]` for any. */
  allowedHosts?: readonly string[] | undefined;
  /** The certificate HTTPS is served with, if it is: the default public URL is then `https://`. */
  tls?: TlsFiles | undefined;
}

/** How the HTTP app is exposed: its auth options, and the Host names it checks. */
export interface Exposure {
  auth: Pick<HttpAppOptions, "authToken" | "tokens" | "oauth">;
  /** Whether the owner token was made up rather than given (the gateway's is the stored one): print it, or no client can connect. */
  generated: boolean;
  /** The hostnames to check `Host` against; undefined for the default (`*` was given, or none). */
  allowedHosts: string[] | undefined;
}

/** Each setting as both `mcpgw gateway run` and the server app spell it. */
const SETTING = {
  host: "--host, MCPGW_HOST",
  token: "MCPGW_AUTH_TOKEN",
  unauthenticated: "--allow-unauthenticated, MCPGW_ALLOW_UNAUTHENTICATED=true",
  allowedHosts: "--allowed-hosts, MCPGW_ALLOWED_HOSTS",
  oauthIssuer: "--oauth-issuer, MCPGW_OAUTH_ISSUER",
  publicUrl: "--public-url, MCPGW_PUBLIC_URL",
};

/**
 * What is wrong with exposing a gateway this way, one sentence per problem; none when it may
 * start. Bound anywhere but loopback, the gateway needs a given token or OAuth (a generated token
 * would sit in logs), never serves unauthenticated, needs the public URL with OAuth, and needs
 * allowed hosts: the Host check is what keeps DNS rebinding out.
 * @example
 * exposureProblems({ host: "0.0.0.0", port: 8811, allowUnauthenticated: true });
 * // ["Serving without a token (--allow-unauthenticated, …) is refused: …", "Allowed hosts … are required: …"]
 */
export function exposureProblems(input: ExposureInput, env: NodeJS.ProcessEnv = {}): string[] {
  const problems: string[] = [];
  const unauthenticated = `Serving without a token (${SETTING.unauthenticated})`;
  if (input.allowUnauthenticated && input.authToken !== undefined) problems.push(`${unauthenticated} and a given token (${SETTING.token}) contradict each other: set one of them`);
  if (input.allowUnauthenticated && input.oauth) problems.push(`${unauthenticated} contradicts OAuth (${SETTING.oauthIssuer}): leave out one of them`);
  if (input.allowUnauthenticated && input.staticTokens) problems.push(`${unauthenticated} contradicts the access policy's tokens: leave out one of them`);
  const anyHost = input.allowedHosts?.includes("*") ?? false;
  if (anyHost && input.allowedHosts!.length > 1) problems.push(`Allowed hosts (${SETTING.allowedHosts}) are * (any host) or a list of hostnames, not both`);
  if (isLoopback(input.host)) return problems;

  const where = `the gateway is bound to ${input.host} (${SETTING.host}), not a loopback address`;
  const given = givenToken(input, env) !== undefined || (input.staticTokens?.length ?? 0) > 0;
  if (input.allowUnauthenticated) problems.push(`${unauthenticated} is refused: ${where}, and anyone who reaches the port could use every server`);
  else if (!given && !input.oauth) problems.push(`${SETTING.token} is required: ${where}. Generate one, e.g. with \`openssl rand -hex 24\`, or accept OAuth (${SETTING.oauthIssuer})`);
  if (input.oauth && input.publicUrl === undefined) {
    problems.push(`The public URL (${SETTING.publicUrl}) is required with OAuth (${SETTING.oauthIssuer}): ${where}, so the URL clients use (the tokens' audience) cannot be guessed`);
  }
  if (input.allowedHosts === undefined) {
    problems.push(
      `Allowed hosts (${SETTING.allowedHosts}) are required: ${where}. List the hostnames clients reach the gateway by (localhost for a port published on 127.0.0.1), or * to accept any`,
    );
  }
  return problems;
}

/**
 * How the HTTP app is exposed, or an `INVALID_ARGUMENT` error listing every problem. The owner
 * token is the given one (option, `MCPGW_AUTH_TOKEN`, Docker's `MCP_GATEWAY_AUTH_TOKEN`); without
 * one, a token is made (by `generate`: the gateway's is the stored token of `MCPGW_HOME`) only on
 * loopback and only when neither OAuth nor static tokens are configured, since those callers need
 * no owner token.
 */
export function resolveExposure(input: ExposureInput, env: NodeJS.ProcessEnv, generate: () => string = randomToken): Exposure {
  const problems = exposureProblems(input, env);
  if (problems.length > 0) throw exposureError(problems);
  const allowedHosts = input.allowedHosts === undefined || input.allowedHosts.includes("*") ? undefined : [...input.allowedHosts];
  if (input.allowUnauthenticated) return { auth: { authToken: undefined }, generated: false, allowedHosts };
  const given = givenToken(input, env);
  const generated = ownerTokenNeeded(input, env);
  const auth = {
    authToken: generated ? generate() : given,
    ...definedOnly({ tokens: input.staticTokens, oauth: input.oauth && resourceOptions(input.oauth, input) }),
  };
  return { auth, generated, allowedHosts };
}

/**
 * Whether `resolveExposure` would make the owner token up: none given, on loopback, neither OAuth
 * nor static tokens, not unauthenticated, and nothing refused. Callers that keep the token in a
 * file ask this first, so a start that needs none leaves the file alone.
 */
export function generatesOwnerToken(input: ExposureInput, env: NodeJS.ProcessEnv): boolean {
  return !input.allowUnauthenticated && exposureProblems(input, env).length === 0 && ownerTokenNeeded(input, env);
}

function ownerTokenNeeded(input: ExposureInput, env: NodeJS.ProcessEnv): boolean {
  const others = input.oauth !== undefined || input.staticTokens !== undefined;
  return givenToken(input, env) === undefined && !others && isLoopback(input.host);
}

/** The owner token given: the option, else `MCPGW_AUTH_TOKEN`, else Docker's `MCP_GATEWAY_AUTH_TOKEN`. */
function givenToken(input: ExposureInput, env: NodeJS.ProcessEnv): string | undefined {
  return input.authToken ?? env.MCPGW_AUTH_TOKEN ?? env.MCP_GATEWAY_AUTH_TOKEN;
}

/** The refusal of a start: every problem at once. */
export function exposureError(problems: readonly string[]): GatewayError {
  const message = problems.length === 1 ? problems[0]! : `The gateway cannot be exposed this way (${problems.length} problems):\n${problems.map((p) => `  - ${p}`).join("\n")}`;
  return new GatewayError(ErrorCode.INVALID_ARGUMENT, message, { data: { problems: [...problems] } });
}

/** A random bearer token: 24 bytes, URL-safe. */
export function randomToken(): string {
  return randomBytes(24).toString("base64url");
}

function resourceOptions(oauth: GatewayOAuthOptions, input: ExposureInput): NonNullable<HttpAppOptions["oauth"]> {
  if (input.publicUrl === undefined && input.port === 0) {
    throw new GatewayError(ErrorCode.INVALID_ARGUMENT, "OAuth needs the gateway's public URL, and with port 0 it is not known in advance", {
      suggestion: "pass --public-url, or a fixed --port",
    });
  }
  const host = input.host.includes(":") && !input.host.startsWith("[") ? `[${input.host}]` : input.host;
  return {
    issuer: oauth.issuer,
    resource: input.publicUrl ?? `${input.tls ? "https" : "http"}://${host}:${input.port}/mcp`,
    ...definedOnly({ audience: oauth.audience, jwksUrl: oauth.jwksUrl, requiredScopes: oauth.requiredScopes && [...oauth.requiredScopes] }),
  };
}
