import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Readable, Writable } from "node:stream";
import { createCatalogParseCache } from "@mcpgw/catalog";
import type { ImagePullEvent, Logger, PullPolicy, SecretValue, ServerSpec } from "@mcpgw/core";
import { ErrorCode, GatewayError, definedOnly, parseSize } from "@mcpgw/core";
import type { HomeLayout } from "@mcpgw/user-files";
import { resolveHome } from "@mcpgw/user-files";
import type { PrefixMode, Router } from "@mcpgw/router";
import { createRouter, GATEWAY_TOOLS, listCacheKey } from "@mcpgw/router";
import { createDockerConnector } from "@mcpgw/runtime-docker";
import { createProcessConnector } from "@mcpgw/runtime-process";
import { createLocalSecretStore } from "@mcpgw/secrets";
import { createOAuthBroker, createOAuthStore, createProviderTokens, createRemoteConnector, OAUTH_CALLBACK_PATH, oauthCallbackPort } from "@mcpgw/transports";
import type { ListeningServer, MetricsEndpoint, StaticToken } from "@mcpgw/transports/http";
import { createGatewayCallMiddleware } from "./call-middleware.js";
import { startTraces, tracesUrl } from "./telemetry/traces.js";
import { createFileListCache } from "./file-list-cache.js";
import type { Exposure, GatewayOAuthOptions } from "./exposure.js";
import { generatesOwnerToken, resolveExposure } from "./exposure.js";
import type { GatewayReport } from "./load-specs.js";
import { loadSpecs } from "./load-specs.js";
import { describePolicy, tokensChanged, toStaticTokens } from "./load-policy.js";
import { interceptorName, parseInterceptor } from "./interceptors/index.js";
import { createOAuthEnvironment } from "./oauth-env.js";
import { createSecretGuard, currentSecretScanner } from "./secret-guard.js";
import { gatewaySignatureKeys } from "./signature-keys.js";
import { loadStoredToken } from "./stored-token.js";
import { createStreamLogger } from "./stream-logger.js";
import { resolveSessionCaps } from "./session-caps.js";
import { resolveTimeouts } from "./timeouts.js";
import type { TlsFiles } from "./tls-files.js";
import { loadServedTls, warnIfExpired, watchTlsFiles } from "./tls-files.js";
import { watchFiles } from "./watch-files.js";

/** How long after start-up the containers of dead gateways are reaped. */
const STARTUP_REAP_DELAY_MS = 2_000;

/** The options of `mcpgw gateway run`, named after Docker's flags. */
export interface GatewayOptions {
  home?: HomeLayout;
  /** `stdio` (default), or `sse` / `streaming`: both serve HTTP with `/mcp`, `/sse` and `/health`. */
  transport?: "stdio" | "sse" | "streaming";
  /** Default 8811. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /**
   * `--tls-cert`/`--tls-key`: serve HTTPS with this certificate and key. Both are checked at
   * start, and loaded again when they change (a renewal), while open connections keep going.
   */
  tls?: TlsFiles;
  /** Serve these servers instead of the registry's. */
  servers?: readonly string[];
  /**
   * `--profile`: serve this profile of the home (`MCPGW_HOME/profiles/NAME.yaml`) alone, in place
   * of the registry: its servers, its tools, its config overrides. Without it, an HTTP gateway
   * serves every profile at `/mcp/<profile>` and `/sse/<profile>` besides its registry at `/mcp`.
   */
  profile?: string;
  enableAllServers?: boolean;
  /** Catalog files instead of the home's. */
  catalogs?: readonly string[];
  registryFile?: string;
  configFile?: string;
  toolsFile?: string;
  /** Files layered after the home's or the given ones, a later one winning (Docker's `--additional-*`). */
  additionalCatalogs?: readonly string[];
  additionalRegistryFiles?: readonly string[];
  additionalConfigFiles?: readonly string[];
  additionalToolsFiles?: readonly string[];
  /** The access policy file (`--policy`); default `MCPGW_HOME/policy.yaml` when present. None: every caller sees everything. */
  policyFile?: string;
  /** The secret provider chain, e.g. `store:./.env`. */
  secrets?: string;
  tools?: readonly string[];
  toolPrefix?: PrefixMode;
  /**
   * `--dynamic-tools`: offer every session the gateway's own tools (mcp-find, mcp-add, mcp-remove,
   * mcp-exec). Default: a profile's `dynamicTools` with `profile`, else off.
   */
  dynamicTools?: boolean;
  /**
   * `--tool-budget`: first show a session at most this many tools (the gateway's own included,
   * which join whenever the budget binds); the rest are found with mcp-find. Default: a profile's
   * `toolBudget` with `profile`, else none.
   */
  toolBudget?: number;
  /** `when:type:arg`, e.g. `before:exec:/usr/local/bin/audit` or `after:docker:acme/redact:1 --strict`. */
  interceptors?: readonly string[];
  /** Block tool calls whose arguments or results carry a secret (default on). */
  blockSecrets?: boolean;
  /** With `blockSecrets`: replace the secrets found with `[redacted:<kind>]` instead of blocking the call. */
  redactSecrets?: boolean;
  /**
   * `--block-network`: containers run without a network, except servers whose entry lists
   * `allowHosts`: those reach only those hosts, through the gateway's egress proxy.
   */
  blockNetwork?: boolean;
  /**
   * `--allow-private-remotes`: reach remote servers on private, loopback, link-local and other
   * non-public addresses; without it they are refused (server-side request forgery).
   */
  allowPrivateRemotes?: boolean;
  /**
   * `--verify-signatures`: every image (servers', poci tools', docker interceptors') must be
   * pinned to a digest and carry a cosign signature by a trusted key before it is pulled or run;
   * others are refused, and a client calling their tools gets the reason. Trusted keys are
   * `signatureKeys`, `MCPGW_SIGNATURE_KEYS` of `env` and the servers' catalog `signatureKeys`.
   */
  verifySignatures?: boolean;
  /** `--signature-key`: public keys trusted for every image, each a PEM file (relative to `cwd`) or PEM text. */
  signatureKeys?: readonly string[];
  /**
   * `--metrics-port`: serve `/metrics` on its own listener on 127.0.0.1 (0 picks a free port),
   * e.g. beside a stdio gateway. An HTTP gateway serves `/metrics` beside `/mcp` either way.
   */
  metricsPort?: number;
  /** `--metrics-public`: serve `/metrics` without the token `/mcp` asks for. */
  metricsPublic?: boolean;
  /** Log every tool call (default on). */
  logCalls?: boolean;
  /** `--otel-endpoint`: an OTLP/HTTP endpoint to send traces to; default: `OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT`. */
  otelEndpoint?: string;
  verbose?: boolean;
  /** Reload when the registry, config, tools or catalog files change (default on). */
  watch?: boolean;
  /** Load and resolve, report, and serve nothing. */
  dryRun?: boolean;
  /** Keep every server running once started. */
  longLived?: boolean;
  cpus?: number;
  /** e.g. `2Gb`. */
  memory?: string;
  /** Keep stopped containers. */
  keep?: boolean;
  /**
   * `--pull`, as Docker's `docker run --pull`: `missing` (default) pulls an image the engine does
   * not have; `always` pulls each image before its first start in the gateway's life; `never`
   * refuses an image that is not present. For servers', poci tools' and docker interceptors' images.
   */
  pull?: PullPolicy;
  /**
   * Every step of every image pull, for a progress display (the CLI's bars on a terminal). The
   * start and the end of each pull are logged either way.
   */
  onPull?: (event: ImagePullEvent) => void;
  /**
   * The HTTP bearer token of the owner; default `MCPGW_AUTH_TOKEN`, else on loopback the home's
   * stored one (`MCPGW_HOME/auth-token`, made at the first start; none when `oauth` or
   * `staticTokens` are given: their callers need no owner token).
   */
  authToken?: string;
  allowUnauthenticated?: boolean;
  /** Accept OAuth 2.1 access tokens of this issuer over HTTP, and serve RFC 9728 metadata. */
  oauth?: GatewayOAuthOptions;
  /** The gateway's canonical URL, the OAuth resource and default audience; default `http://<host>:<port>/mcp` (`https://` with `tls`). */
  publicUrl?: string;
  /** Named bearer tokens whose holders get a principal (`{ via: "token", subject: name, scopes }`). */
  staticTokens?: readonly StaticToken[];
  /** An HTTP session with no request and no open stream for this long is closed; default in `DEFAULT_TIMEOUTS` (30 minutes). */
  sessionIdleMs?: number;
  /**
   * At most this many HTTP sessions; at the cap the least recently active idle one is closed to
   * admit a new one, and only when all are busy is it refused (503). Default in `DEFAULT_SESSION_CAPS`.
   */
  maxSessions?: number;
  /**
   * At most this many HTTP sessions of one caller with a principal (a named token, an OAuth
   * subject); past it the caller's own least recently active idle one is closed, and when all of
   * its sessions are busy it is refused (429). Not the owner's. Default in `DEFAULT_SESSION_CAPS`.
   */
  maxSessionsPerCaller?: number;
  /** Longest a server may take from start to answering initialize; past it the server is stopped. Default in `DEFAULT_TIMEOUTS` (30 s). */
  initializeTimeoutMs?: number;
  /**
   * Longest a tool call (any request to a server) may take; past it the caller gets an error and
   * the server a cancellation. A remote server may stay silent this long (progress restarts its
   * time). Default in `DEFAULT_TIMEOUTS` (10 minutes).
   */
  callTimeoutMs?: number;
  allowedHosts?: readonly string[];
  allowedOrigins?: readonly string[];
  logger?: Logger;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** For stdio: the streams to serve on (default the process's). */
  stdin?: NodeJS.ReadableStream;
  stdout?: NodeJS.WritableStream;
}

/** A running gateway. */
export interface Gateway {
  /** What loaded and what has problems. */
  readonly report: GatewayReport;
  /** The HTTP base URL (`…/mcp` is the endpoint), for HTTP transports. */
  readonly url: string | undefined;
  /** The base URL of the `--metrics-port` listener (`…/metrics` is the endpoint). */
  readonly metricsUrl?: string | undefined;
  /** The bearer token HTTP clients must send, unless unauthenticated. */
  readonly authToken: string | undefined;
  readonly router: Router | undefined;
  /** Settles when a stdio client goes away, or after `close()`. */
  readonly closed: Promise<void>;
  /** Reads the files again and applies them. */
  reload(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts a gateway: reads catalogs, registry, config, tool selection and secrets, and serves
 * the enabled servers over stdio or HTTP. Servers start on first use, not here, except an image
 * given as a server (`servers: ["mcp/x:1"]`) whose tools the list cache does not know yet: it
 * starts once to list them, and an image that cannot be had rejects the start.
 * @example
 * const gateway = await createGateway({ transport: "streaming", port: 8811 });
 * console.log(`${gateway.url}/mcp`, gateway.authToken);
 */
export async function createGateway(options: GatewayOptions = {}): Promise<Gateway> {
  const env = options.env ?? process.env;
  const home = options.home ?? resolveHome(env);
  const logger = options.logger ?? createStreamLogger(process.stderr, options.verbose ? "debug" : "info");
  // Bad keys stop the start (a dry run too), before anything is loaded.
  const signatureKeys = await gatewaySignatureKeys(options, env, options.cwd ?? process.cwd(), logger);
  tracesUrl({ env, ...definedOnly({ endpoint: options.otelEndpoint }) });
  const interceptors = (options.interceptors ?? []).map(parseInterceptor);
  const catalogParseCache = createCatalogParseCache(join(home.root, "cache", "catalogs"), (error) => logger.debug("could not write the catalog cache", { error: error.message }));
  const transport = options.transport ?? "stdio";
  const tls = await loadServedTls(options.tls, transport, options.cwd ?? process.cwd());
  const selection = { ...options, serveProfiles: transport !== "stdio" && options.profile === undefined };
  const load = () => loadSpecs({ home, options: selection, env, cwd: options.cwd ?? process.cwd(), logger, catalogParseCache });

  let { specs, report, secretValues, access, profiles, catalog, resolveServer } = await load();
  // The secrets of servers sessions added (mcp-add) are guarded like the configured ones'. The
  // guard rebuilds its scanner when the list it is given changes, so the list is remade only then.
  const addedSecrets: SecretValue[] = [];
  let guarded: readonly SecretValue[] = secretValues;
  const guardSecrets = () => void (guarded = addedSecrets.length === 0 ? secretValues : [...secretValues, ...addedSecrets]);
  const dynamicTools = options.dynamicTools ?? profiles?.dynamicTools ?? false;
  const toolBudget = options.toolBudget ?? profiles?.toolBudget;
  if (toolBudget !== undefined && !(Number.isInteger(toolBudget) && toolBudget >= GATEWAY_TOOL_COUNT)) {
    throw new GatewayError(ErrorCode.INVALID_ARGUMENT, `the tool budget must be a whole number of at least ${GATEWAY_TOOL_COUNT} (the gateway's own tools), not ${toolBudget}`);
  }
  // Profiles served together may each have their own dynamic tools: the search is there for them too.
  const anyProfileDynamic = [...(profiles?.scopes.values() ?? [])].some((scope) => scope.dynamicTools !== undefined);
  const tell = () => {
    for (const warning of report.warnings) logger.warn(warning);
    for (const problem of report.problems) logger.warn(`left out: ${problem.message}`, { server: problem.server, code: problem.code });
    if (report.policy) logger.info(describePolicy(report.policy));
  };
  if (!options.dryRun) tell();
  if (options.dryRun) {
    return { report, url: undefined, authToken: undefined, router: undefined, closed: Promise.resolve(), reload: async () => {}, close: async () => {} };
  }

  // Who may reach an HTTP gateway is settled before anything starts: a refused start leaves nothing behind.
  const served = transport === "stdio" ? undefined : await exposeHttp(options, toStaticTokens(access.tokens), env, home);
  // Metrics load only when something serves them.
  const metrics = transport !== "stdio" || options.metricsPort !== undefined ? (await import("./metrics/index.js")).createGatewayMetrics() : undefined;
  const metricsEndpoint = metrics && { scrape: () => metrics.scrape(), contentType: metrics.contentType, public: options.metricsPublic ?? false };
  const onPull = metrics ? (event: ImagePullEvent) => (metrics.recordPull(event), options.onPull?.(event)) : options.onPull;

  // Every part gets the same limits, from one table: a start-up deadline the runtimes and the
  // router share, and a call timeout that is also a remote server's silence limit.
  const timeouts = resolveTimeouts(options);
  const lifecycle = { startTimeoutMs: timeouts.initializeMs, idleTimeoutMs: timeouts.serverIdleMs, slotWaitMs: timeouts.slotWaitMs };
  const docker = createDockerConnector({
    logger,
    lifecycle,
    stopGraceMs: timeouts.stopGraceMs,
    blockNetwork: options.blockNetwork ?? false,
    keep: options.keep ?? false,
    ...definedOnly({ pull: options.pull, onPull }),
    limits: definedOnly({ cpus: options.cpus, memory: options.memory ? parseSize(options.memory) : undefined }),
    ...(signatureKeys ? { signatures: { keys: signatureKeys } } : {}),
  });
  // Remote servers that want OAuth get their tokens from the home's store (kept fresh there);
  // an authorization started for a call completes at the public URL's callback when there is
  // one, else on a loopback callback opened while it waits.
  const oauthStore = createOAuthStore(createLocalSecretStore({ file: home.secretsFile }));
  const oauth = createOAuthBroker({
    store: oauthStore,
    logger,
    callbackPort: oauthCallbackPort(env),
    allowPrivateNetworks: options.allowPrivateRemotes ?? false,
    ...(served && options.publicUrl !== undefined ? { redirectUri: new URL(`.${OAUTH_CALLBACK_PATH}`, options.publicUrl).href } : {}),
  });
  const remote = createRemoteConnector({
    allowPrivateNetworks: options.allowPrivateRemotes ?? false,
    authorization: (spec) =>
      oauth.forServer({
        name: spec.name,
        url: spec.url,
        ...(spec.oauth?.scopes ? { scopes: spec.oauth.scopes } : {}),
        ...(spec.oauth?.client ? { preRegistered: { clientId: spec.oauth.client.id, ...(spec.oauth.client.secret ? { clientSecret: spec.oauth.client.secret.reveal() } : {}) } } : {}),
      }),
    lifecycle: { startTimeoutMs: timeouts.initializeMs, idleTimeoutMs: timeouts.serverIdleMs },
    connectTimeoutMs: timeouts.remoteConnectMs,
    requestTimeoutMs: timeouts.callMs,
  });
  // Container and process servers with OAuth providers (Docker's `oauth.providers`) start with
  // each provider's current token from the same store.
  const providerTokens = createProviderTokens({ store: oauthStore, logger, allowPrivateNetworks: options.allowPrivateRemotes ?? false });
  const oauthEnv = createOAuthEnvironment(providerTokens);
  const runtimes = [oauthEnv.wrap(createProcessConnector({ env, lifecycle, stopGraceMs: timeouts.stopGraceMs })), oauthEnv.wrap(docker), remote];
  const connectors = metrics ? runtimes.map((connector) => metrics.observeConnector(connector)) : runtimes;
  // Containers left by dead gateways are reaped soon after start, once the first client had the
  // CPU (loading the engine's client is most of a warm start's work), and before the first
  // container of this gateway in any case (the connector reaps first).
  const reapTimer = specs.some((s) => s.kind === "docker" || s.kind === "poci")
    ? setTimeout(() => void docker.reap().catch((error: Error) => logger.warn("could not reap orphaned containers", { error: error.message })), STARTUP_REAP_DELAY_MS).unref()
    : undefined;

  const cache = createFileListCache(join(home.root, "cache", "lists.json"), (error) => logger.warn("could not write the list cache", { error: error.message }));
  // What mcp-find searches: the catalogs, and the tools served servers listed (the cache has them).
  // Loaded only when some session may have the gateway's tools.
  const search =
    dynamicTools || toolBudget !== undefined || anyProfileDynamic
      ? new (await import("./tool-search.js")).CatalogToolSearch(catalog, () => specs.map((spec) => [spec.name, cache.get(listCacheKey(spec))]))
      : undefined;
  const configuredSecrets = () => oauthEnv.secretValues(guarded);
  const secretGuard = options.blockSecrets === false ? undefined : createSecretGuard(configuredSecrets, options.redactSecrets ? "redact" : "block");
  const guard = metrics && secretGuard ? metrics.observeGuard(secretGuard) : secretGuard;
  const secretScanner = currentSecretScanner(configuredSecrets);
  const traces = await startTraces({ env, ...definedOnly({ endpoint: options.otelEndpoint }) });
  const router = createRouter({
    specs,
    connectors,
    logger,
    cache,
    callMiddleware: createGatewayCallMiddleware({
      interceptors,
      interceptorOptions: { timeoutMs: timeouts.interceptorMs, containers: docker, logger, redact: (text) => secretScanner().redact(text) },
      ...definedOnly({ guard }),
      ...(options.logCalls === false ? {} : { log: (entry) => logger.info("call", { ...entry }) }),
      traced: traces !== undefined,
      ...(metrics ? { metrics: (entry) => metrics.recordCall(entry) } : {}),
    }),
    ...(metrics ? { onRequest: (method: string) => metrics.recordRequest(method) } : {}),
    ...definedOnly({ tools: options.tools, toolPrefix: options.toolPrefix, policy: access.policy, profiles: profiles?.scopes, defaultScope: profiles?.defaultScope }),
    ...(search
      ? {
          dynamicTools: {
            enabled: dynamicTools,
            ...definedOnly({ budget: toolBudget }),
            search,
            resolve: async (name: string) => {
              const spec = await resolveServer(name);
              addedSecrets.push(...Object.values(spec.secretEnv));
              guardSecrets();
              logger.info("a session added a server", { server: name });
              return spec;
            },
          },
        }
      : {}),
    initializeTimeoutMs: timeouts.initializeMs,
    callTimeoutMs: timeouts.callMs,
    authorizations: oauth,
  });

  const reload = async () => {
    try {
      const next = await load();
      // The HTTP app holds the tokens it was started with; rules apply at once, token changes on restart.
      if (tokensChanged(access.tokens, next.access.tokens)) logger.warn("the policy's tokens changed: restart the gateway to apply them (its rules apply now)");
      ({ specs, report, secretValues, access, profiles, catalog, resolveServer } = next);
      guardSecrets();
      search?.update(catalog);
      await router.update(specs);
      router.setPolicy(access.policy);
      router.setProfiles(profiles?.scopes ?? new Map(), profiles?.defaultScope);
      logger.info("configuration reloaded", { servers: specs.map((s: ServerSpec) => s.name).join(",") || "none" });
      tell();
    } catch (error) {
      logger.error("configuration not reloaded; keeping the previous one", { error: (error as Error).message });
    }
  };
  // The profiles folder is watched from the start, so that the first profile made is served too.
  if (profiles && options.watch !== false) await mkdir(home.profilesDir, { recursive: true }).catch(() => {});
  const stopWatching =
    options.watch === false
      ? () => {}
      : watchFiles(
          [options.registryFile ?? home.registryFile, options.configFile ?? home.configFile, options.toolsFile ?? home.toolsFile, options.policyFile ?? home.policyFile, ...(options.catalogs ?? []), ...additionalFiles(options)],
          [...(options.catalogs ? [] : [home.catalogsDir]), ...(profiles ? [home.profilesDir] : [])],
          () => void reload(),
        );

  if (search) router.onListChanged((change) => change === "tools" && search.listsChanged());
  const shutdown = async () => {
    clearTimeout(reapTimer);
    search?.stop();
    stopWatching();
    await router.close();
    await Promise.all(connectors.map((c) => c.closeAll()));
    await oauth.close();
    providerTokens.close();
    await cache.flush();
    // Last, so the spans of calls that ended with the servers are sent too.
    await traces?.shutdown();
  };

  // An image given as a server has no catalog entry to say what it offers: unless the cache
  // knows, it starts once now, so clients' first lists show its tools. A docker interceptor's
  // image is made present now, as `pull` says. Either image that
  // cannot be had stops the gateway, naming it, before anything is served.
  const images = specs.filter((s) => "commandLine" in s.source).map((s) => s.name);
  const interceptorImages = interceptors.flatMap((i) => (i.type === "docker" ? [docker.prepareImage(i.image, interceptorName(i))] : []));
  if (images.length > 0 || interceptorImages.length > 0) {
    try {
      await Promise.all(interceptorImages);
      if (images.length > 0) await router.warm(images);
    } catch (error) {
      await shutdown();
      throw error;
    }
  }

  let metricsServer: ListeningServer | undefined;
  if (metricsEndpoint && options.metricsPort !== undefined) {
    try {
      metricsServer = await listenMetrics(metricsEndpoint, served ?? (await exposeHttp({ ...options, host: "127.0.0.1", port: options.metricsPort }, toStaticTokens(access.tokens), env, home)), options.metricsPort, logger);
    } catch (error) {
      await shutdown();
      throw error;
    }
  }

  // Each transport's stack loads only when it is the one served.
  if (transport === "stdio") {
    const { serveStdio } = await import("@mcpgw/transports/stdio");
    const session = serveStdio(router, {
      logger,
      ...definedOnly({ stdin: options.stdin as Readable | undefined, stdout: options.stdout as Writable | undefined }),
    });
    metrics?.sessions.opened("stdio");
    const closed = session.closed.then(async () => {
      metrics?.sessions.closed("stdio");
      await shutdown();
      await metricsServer?.close();
    });
    return { report, url: undefined, metricsUrl: metricsServer?.url, authToken: undefined, router, closed, reload, close: async () => (await session.close(), await closed) };
  }

  const { host, port, exposure } = served!;
  const { auth, allowedHosts } = exposure;
  const { authToken } = auth;
  const { createHttpApp, listen } = await import("@mcpgw/transports/http");
  const http = createHttpApp(router, {
    ...auth,
    host,
    logger,
    ready: () => true,
    sessionIdleMs: timeouts.sessionIdleMs,
    ...resolveSessionCaps(options),
    profiles: { has: (name: string) => profiles?.scopes.has(name) === true },
    ...(options.publicUrl !== undefined ? { oauthCallback: (query: URLSearchParams) => oauth.callback(query) } : {}),
    ...definedOnly({ allowedHosts, allowedOrigins: options.allowedOrigins && [...options.allowedOrigins], metrics: metricsEndpoint, sessionEvents: metrics?.sessions }),
  });
  router.onListChanged((change, scope) => http.notifyListChanged(change, scope));
  const server = await listen(http, { host, port, ...(tls ? { tls: tls.loaded.material } : {}) });
  if (tls) {
    logger.info("serving HTTPS", { subject: tls.loaded.subject, validTo: tls.loaded.validTo, cert: tls.files.certFile });
    warnIfExpired(tls.loaded, logger);
  }
  // Renewed certificates are taken whatever --watch says: a renewal must not wait for a restart.
  const stopWatchingTls = tls ? watchTlsFiles(tls.files, tls.loaded, (next) => server.setTls(next.material), logger) : undefined;
  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
  return {
    report,
    url: server.url,
    metricsUrl: metricsServer?.url,
    authToken,
    router,
    closed,
    reload,
    close: async () => {
      // Servers stop first, so calls in flight are answered with an error on streams still
      // open; then the sessions end and connections close.
      stopWatchingTls?.();
      await shutdown();
      await server.close();
      await metricsServer?.close();
      resolveClosed();
    },
  };
}

/** The gateway's own tools under a budget: a budget must leave room for them. */
const GATEWAY_TOOL_COUNT = Object.keys(GATEWAY_TOOLS).length;

/**
 * The HTTP bind address and who may reach it. The policy file's tokens join the given ones; none
 * enabled leaves the gateway token as it was. A token that is not given is the home's stored one
 * (`MCPGW_HOME/auth-token`), so clients configured once keep working across restarts.
 */
async function exposeHttp(
  options: GatewayOptions,
  policyTokens: readonly StaticToken[],
  env: NodeJS.ProcessEnv,
  home: HomeLayout,
): Promise<{ host: string; port: number; exposure: Exposure }> {
  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? 8811;
  const staticTokens = [...(options.staticTokens ?? []), ...policyTokens];
  const input = { ...options, ...(staticTokens.length > 0 ? { staticTokens } : {}), host, port };
  const stored = generatesOwnerToken(input, env) ? await loadStoredToken(home.authTokenFile) : undefined;
  const exposure = resolveExposure(input, env, stored === undefined ? undefined : () => stored);
  return { host, port, exposure };
}

/** The `--metrics-port` listener on 127.0.0.1: `/metrics` alone, asking for the tokens `/mcp` would. */
async function listenMetrics(endpoint: MetricsEndpoint, served: { exposure: Exposure }, port: number, logger: Logger): Promise<ListeningServer> {
  const { createMetricsApp, listen } = await import("@mcpgw/transports/http");
  const host = "127.0.0.1";
  const server = await listen(createMetricsApp(endpoint, { ...served.exposure.auth, host, logger }), { host, port });
  logger.info("serving metrics", { url: `${server.url}/metrics` });
  return server;
}

function additionalFiles(options: GatewayOptions): string[] {
  return [...(options.additionalCatalogs ?? []), ...(options.additionalRegistryFiles ?? []), ...(options.additionalConfigFiles ?? []), ...(options.additionalToolsFiles ?? [])];
}
