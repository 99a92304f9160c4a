import { resolve } from "node:path";
import { definedOnly, editDistance, ErrorCode, GatewayError, PULL_POLICIES } from "@mcpgw/core";
import type { GatewayOptions } from "@mcpgw/gateway";
import { exposureProblems, generatesOwnerToken } from "@mcpgw/gateway";
import { resolveHome } from "@mcpgw/user-files";
import type { Environment } from "./env-reader.js";
import { EnvReader } from "./env-reader.js";
import { SERVER_ENV } from "./server-env.js";

/** Seams for tests; the defaults are the real ones. */
export interface ServerAppDeps {
  /** The folder relative paths (catalogs, `.env` secrets) are taken from; default the process's. */
  cwd?: string;
}

/** The gateway the environment describes. */
export interface ServerApp {
  /** What to pass to `createGateway`, with the stored token as `authToken` when `tokenFile` is set. */
  options: GatewayOptions;
  /**
   * The home's stored token file (`MCPGW_HOME/auth-token`) when none was given and one is needed
   * (on loopback, without OAuth): its token (`loadStoredToken`, made at the first start) is the
   * owner token, printed at start or clients cannot connect. A token that was given is never printed.
   */
  tokenFile: string | undefined;
  /** Things that work but are probably not what was meant, such as a misspelt variable. */
  warnings: string[];
}

export const DEFAULT_PORT = 8811;
export const DEFAULT_HOST = "127.0.0.1";

/** Variables that belong to mcpgw's tooling, not to the server: never reported as misspelt. */
const OTHER_MCPGW_VARIABLES = new Set(["MCPGW_FAST", "MCPGW_TEST_IMAGES_CACHE"]);

/**
 * Turns `MCPGW_*` environment variables into `createGateway` options for an HTTP gateway.
 * Every wrong value is reported at once, each naming its variable, in one `GatewayError`
 * (`INVALID_ARGUMENT`). Bound anywhere but loopback, the gateway requires a given token (or
 * OAuth with `MCPGW_PUBLIC_URL`) and `MCPGW_ALLOWED_HOSTS`: the gateway's exposure rules
 * (`exposureProblems`), the same for `mcpgw gateway run`.
 * @example
 * const app = createServerApp(process.env);
 * const gateway = await createGateway(app.options);
 */
export function createServerApp(env: Environment, deps: ServerAppDeps = {}): ServerApp {
  const read = new EnvReader(env);
  const host = read.string("MCPGW_HOST") ?? DEFAULT_HOST;
  const hostValid = !/\s/.test(host);
  if (!hostValid) read.problem(`MCPGW_HOST must be an address such as 127.0.0.1 or 0.0.0.0, not ${JSON.stringify(host)}`);
  const transport = read.string("MCPGW_TRANSPORT")?.toLowerCase() === "stdio" ? stdioRefused(read) : read.oneOf("MCPGW_TRANSPORT", ["streaming", "sse"] as const);
  const port = read.port("MCPGW_PORT");

  const tokenVariable = read.string("MCPGW_AUTH_TOKEN") === undefined && read.string("MCP_GATEWAY_AUTH_TOKEN") !== undefined ? "MCP_GATEWAY_AUTH_TOKEN" : "MCPGW_AUTH_TOKEN";
  const givenToken = read.string(tokenVariable);
  if (givenToken !== undefined && /\s/.test(givenToken)) read.problem(`${tokenVariable} must not contain blanks: clients send it in an HTTP header`);
  const allowUnauthenticated = read.boolean("MCPGW_ALLOW_UNAUTHENTICATED") ?? false;
  const oauth = readOAuth(read);
  const publicUrl = read.string("MCPGW_PUBLIC_URL");
  const allowedHosts = read.list("MCPGW_ALLOWED_HOSTS");
  const allowedOrigins = read.list("MCPGW_ALLOWED_ORIGINS");
  if (allowedOrigins?.includes("*")) read.problem("MCPGW_ALLOWED_ORIGINS cannot be *: list the origins browsers may call from");
  // The gateway's own rules, spelt for both the CLI and this app; checked here too so every
  // problem of the environment is told at once.
  const exposure = { host, port: port ?? DEFAULT_PORT, authToken: givenToken, allowUnauthenticated, oauth, publicUrl, allowedHosts };
  // A host that is no address is told above; the rules that do not depend on it still apply.
  for (const problem of exposureProblems(hostValid ? exposure : { ...exposure, host: DEFAULT_HOST })) read.problem(problem);

  const cwd = deps.cwd ?? process.cwd();
  const tls = readTls(read, cwd);
  const catalogs = read.list("MCPGW_CATALOGS")?.map((file) => resolve(cwd, file));
  const servers = read.list("MCPGW_SERVERS");
  const tools = read.list("MCPGW_TOOLS");
  const secrets = read.string("MCPGW_SECRETS");
  const policy = read.string("MCPGW_POLICY");
  const cpus = read.positiveNumber("MCPGW_CPUS");
  const memory = read.size("MCPGW_MEMORY");
  const pull = read.oneOf("MCPGW_PULL", PULL_POLICIES);
  const sessionIdle = read.positiveNumber("MCPGW_SESSION_IDLE_TIMEOUT");
  const maxSessions = read.positiveInteger("MCPGW_MAX_SESSIONS");
  const maxSessionsPerCaller = read.positiveInteger("MCPGW_MAX_SESSIONS_PER_CALLER");
  const initializeTimeout = read.positiveNumber("MCPGW_INITIALIZE_TIMEOUT");
  const callTimeout = read.positiveNumber("MCPGW_CALL_TIMEOUT");
  const metricsPort = read.port("MCPGW_METRICS_PORT");
  const booleans = {
    blockNetwork: read.boolean("MCPGW_BLOCK_NETWORK"),
    allowPrivateRemotes: read.boolean("MCPGW_ALLOW_PRIVATE_REMOTES"),
    // MCPGW_SIGNATURE_KEYS is read by the gateway itself, from the environment it is given.
    verifySignatures: read.boolean("MCPGW_VERIFY_SIGNATURES"),
    blockSecrets: read.boolean("MCPGW_BLOCK_SECRETS"),
    redactSecrets: read.boolean("MCPGW_REDACT_SECRETS"),
    logCalls: read.boolean("MCPGW_LOG_CALLS"),
    metricsPublic: read.boolean("MCPGW_METRICS_PUBLIC"),
    watch: read.boolean("MCPGW_WATCH"),
    longLived: read.boolean("MCPGW_LONG_LIVED"),
    verbose: read.boolean("MCPGW_VERBOSE") ?? dockerDebug(env),
  };

  if (read.problems.length > 0) throw invalidEnvironment(read.problems);

  // The stored token is read at start, not here: this stays a pure reading of the environment.
  const tokenFile = generatesOwnerToken(exposure, {}) ? resolveHome(env).authTokenFile : undefined;
  const options: GatewayOptions = {
    transport: transport ?? "streaming",
    host,
    port: port ?? DEFAULT_PORT,
    ...(allowUnauthenticated ? { allowUnauthenticated: true } : definedOnly({ authToken: givenToken })),
    // The reader gives no empty strings or lists, so what is not undefined was set.
    ...definedOnly({
      oauth,
      publicUrl,
      allowedHosts,
      allowedOrigins,
      tls,
      catalogs,
      servers,
      tools,
      secrets,
      policyFile: policy && resolve(cwd, policy),
      cpus,
      memory,
      pull,
      sessionIdleMs: milliseconds(sessionIdle),
      maxSessions,
      maxSessionsPerCaller,
      initializeTimeoutMs: milliseconds(initializeTimeout),
      callTimeoutMs: milliseconds(callTimeout),
      metricsPort,
      ...booleans,
    }),
    env: withoutTokens(env),
    cwd,
  };
  return { options, tokenFile, warnings: misspeltVariables(env) };
}

/** The `MCPGW_OAUTH_*` variables; the others without the issuer are a mistake. */
function readOAuth(read: EnvReader): GatewayOptions["oauth"] {
  const issuer = read.string("MCPGW_OAUTH_ISSUER");
  const audience = read.string("MCPGW_OAUTH_AUDIENCE");
  const jwksUrl = read.string("MCPGW_OAUTH_JWKS_URL");
  const requiredScopes = read.list("MCPGW_OAUTH_SCOPES");
  if (issuer === undefined) {
    const orphans = Object.keys(definedOnly({ MCPGW_OAUTH_AUDIENCE: audience, MCPGW_OAUTH_JWKS_URL: jwksUrl, MCPGW_OAUTH_SCOPES: requiredScopes }));
    for (const name of orphans) read.problem(`${name} is set but MCPGW_OAUTH_ISSUER is not: set the issuer too, or unset it`);
    return undefined;
  }
  return { issuer, ...definedOnly({ audience, jwksUrl, requiredScopes }) };
}

/** `MCPGW_TLS_CERT` and `MCPGW_TLS_KEY`, both or neither; relative paths from `cwd`. */
function readTls(read: EnvReader, cwd: string): GatewayOptions["tls"] {
  const certFile = read.string("MCPGW_TLS_CERT");
  const keyFile = read.string("MCPGW_TLS_KEY");
  if (certFile === undefined && keyFile === undefined) return undefined;
  if (certFile === undefined) return read.problem("MCPGW_TLS_KEY is set but MCPGW_TLS_CERT is not: HTTPS needs the certificate and its key together");
  if (keyFile === undefined) return read.problem("MCPGW_TLS_CERT is set but MCPGW_TLS_KEY is not: HTTPS needs the certificate and its key together");
  return { certFile: resolve(cwd, certFile), keyFile: resolve(cwd, keyFile) };
}

function stdioRefused(read: EnvReader): undefined {
  return read.problem("MCPGW_TRANSPORT=stdio is not served by @mcpgw/server, an HTTP gateway: use streaming or sse, or run `mcpgw gateway run` for stdio");
}

/**
 * The environment without the gateway's own token: the `env` secret provider reads this one,
 * and a catalog entry asking for a secret of that name must not get it.
 */
function withoutTokens(env: Environment): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => name !== "MCPGW_AUTH_TOKEN" && name !== "MCP_GATEWAY_AUTH_TOKEN"));
}

function milliseconds(seconds: number | undefined): number | undefined {
  return seconds === undefined ? undefined : seconds * 1000;
}

/** A warning for each `MCPGW_*` variable that is not ours, with the closest of ours when one is close. */
function misspeltVariables(env: Environment): string[] {
  const PREFIX = "MCPGW_";
  // Compared without the prefix, which every name shares and which would make all of them "close".
  const known = Object.keys(SERVER_ENV).map((name) => name.slice(PREFIX.length));
  return Object.keys(env)
    .filter((name) => name.startsWith(PREFIX) && !(name in SERVER_ENV) && !OTHER_MCPGW_VARIABLES.has(name))
    .sort()
    .map((name) => {
      const close = nearest(name.slice(PREFIX.length), known);
      return `${name} is not a setting of @mcpgw/server and is ignored.${close === undefined ? "" : ` Did you mean ${PREFIX}${close}?`}`;
    });
}

/** The candidate at most two edits away, if any: further ones are more likely other settings than typos. */
function nearest(name: string, candidates: readonly string[]): string | undefined {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(name, candidate);
    if (distance <= 2 && (best === undefined || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}

function invalidEnvironment(problems: string[]): GatewayError {
  const message =
    problems.length === 1 ? `Invalid environment: ${problems[0]}` : `Invalid environment (${problems.length} problems):\n${problems.map((p) => `  - ${p}`).join("\n")}`;
  return new GatewayError(ErrorCode.INVALID_ARGUMENT, message, {
    data: { problems },
    suggestion: "Fix the variables named above; @mcpgw/server's README lists them all.",
  });
}

/**
 * Docker's image turns on debug output with `DEBUG=true` or `LOG_LEVEL=debug`; so does ours,
 * unless MCPGW_VERBOSE says otherwise. Other values are left alone: DEBUG is also the `debug`
 * library's list of namespaces, which is not ours to refuse.
 */
function dockerDebug(env: Environment): true | undefined {
  const debug = env.DEBUG?.trim().toLowerCase();
  const level = env.LOG_LEVEL?.trim().toLowerCase();
  return debug === "true" || debug === "1" || level === "debug" ? true : undefined;
}
