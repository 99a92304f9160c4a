import { existsSync, readdirSync } from "node:fs";
import type { GatewayOptions } from "@mcpgw/gateway";
import { createGateway, createStreamLogger, DEFAULT_SESSION_CAPS, DEFAULT_TIMEOUTS, describePolicy } from "@mcpgw/gateway";
import type { PullPolicy } from "@mcpgw/core";
import { definedOnly, ErrorCode, EXIT_CODES, GatewayError, PULL_POLICIES } from "@mcpgw/core";
import { onShutdown } from "@mcpgw/runtime-kernel";
import { Flags } from "@oclif/core";
import { BaseCommand, formatTable } from "../../base-command.js";
import { listFlag, normalizeBooleanFlags } from "../../docker-flags.js";
import { createPullDisplay } from "../../pull-display.js";

/** Booleans take Docker's `--flag=false` too: it is rewritten to `--no-flag`, which each of them allows. */
const BOOLEANS = ["enable-all-servers", "block-secrets", "redact-secrets", "block-network", "allow-private-remotes", "verify-signatures", "log-calls", "verbose", "debug", "watch", "dry-run", "long-lived", "keep", "allow-unauthenticated", "dynamic-tools", "metrics-public"];

/** Every `--transport` spelling Docker accepts, and what it means here. */
const TRANSPORTS: Record<string, NonNullable<GatewayOptions["transport"]>> = {
  stdio: "stdio",
  sse: "sse",
  streaming: "streaming",
  http: "streaming",
  streamable: "streaming",
  "streamable-http": "streaming",
};

export default class GatewayRun extends BaseCommand {
  static override summary = "Run the gateway: one MCP endpoint for every enabled server.";
  static override description =
    "Servers start on first use and stop when idle. Over HTTP (--transport streaming or sse) the gateway serves " +
    "/mcp (Streamable HTTP, both MCP eras), /sse (legacy) and /health, and requires a bearer token. " +
    "With --tls-cert and --tls-key it serves them over HTTPS. " +
    "Flags are Docker MCP Gateway's, and boolean flags take its --flag=false form too.";
  static override examples = [
    "<%= config.bin %> gateway run",
    "<%= config.bin %> gateway run --transport streaming --port 8811",
    "<%= config.bin %> gateway run --servers clock,notes --tools clock:now --watch=false",
    "<%= config.bin %> gateway run --dry-run",
    "<%= config.bin %> gateway run --server mcp/everything:latest",
    "<%= config.bin %> gateway run --transport streaming --tls-cert fullchain.pem --tls-key privkey.pem",
    "<%= config.bin %> gateway run --verify-signatures --signature-key cosign.pub",
  ];
  static override enableJsonFlag = true;
  static override flags = {
    transport: Flags.string({
      description: "how clients connect: stdio, sse, or streaming (Streamable HTTP; also spelt http, streamable, streamable-http)",
      options: Object.keys(TRANSPORTS),
      default: "stdio",
    }),
    port: Flags.integer({ description: "HTTP port (HTTP transports)", default: 8811 }),
    host: Flags.string({ description: "HTTP address to bind; anything but loopback requires MCPGW_AUTH_TOKEN (or --oauth-issuer) and --allowed-hosts", default: "127.0.0.1" }),
    "allowed-hosts": Flags.string({ description: "hostnames a Host header may name besides loopback's (repeat or comma-separate), or * for any", multiple: true }),
    servers: Flags.string({ description: "serve these servers instead of the registry's (repeat or comma-separate); an image reference (with a /, : or @) that no catalog names runs as a server of its own", multiple: true }),
    server: Flags.string({ description: "serve this server, or this image (e.g. mcp/everything:latest), instead of the registry's (repeatable; the same as --servers)", multiple: true }),
    "enable-all-servers": Flags.boolean({ description: "serve every server of the catalogs" , allowNo: true }),
    profile: Flags.string({ description: "serve this profile (MCPGW_HOME/profiles/NAME.yaml) alone, in place of the registry; without it an HTTP gateway serves every profile at /mcp/NAME" }),
    catalog: Flags.string({ description: "catalog file to use instead of MCPGW_HOME's (repeatable, later wins)", multiple: true }),
    registry: Flags.string({ description: "registry file (default MCPGW_HOME/registry.yaml)" }),
    config: Flags.string({ description: "config file (default MCPGW_HOME/config.yaml)" }),
    "tools-config": Flags.string({ description: "tool selection file (default MCPGW_HOME/tools.yaml)" }),
    "additional-catalog": Flags.string({ description: "catalog file layered after the others (repeatable, later wins)", multiple: true }),
    "additional-registry": Flags.string({ description: "registry file merged after the registry (repeatable, later wins)", multiple: true }),
    "additional-config": Flags.string({ description: "config file merged after the config (repeatable, later wins key by key)", multiple: true }),
    "additional-tools-config": Flags.string({ description: "tool selection file merged after the tools file (repeatable, later wins)", multiple: true }),
    policy: Flags.string({ description: "access policy file: who may list and call which tools (default MCPGW_HOME/policy.yaml when present)" }),
    secrets: Flags.string({ description: "secret providers in order, e.g. store:./.env:/run/secrets", env: "MCPGW_SECRETS" }),
    tools: Flags.string({ description: "tools to serve: *, tool, server:tool, server:* (repeat or comma-separate)", multiple: true }),
    "tool-prefix": Flags.string({ description: "prefix tool names with their server's: auto (on collision), always, never", options: ["auto", "always", "never"], default: "auto" }),
    "dynamic-tools": Flags.boolean({ description: "offer every session the gateway's own tools: mcp-find (search every catalog), mcp-add, mcp-remove, mcp-exec", allowNo: true }),
    "tool-budget": Flags.integer({ description: "first show a session at most this many tools (the gateway's own four included); mcp-find and mcp-exec reach the rest", min: 4 }),
    interceptor: Flags.string({ description: "when:type:arg, e.g. before:exec:/path/to/script, after:http:http://127.0.0.1:9000/hook or before:docker:IMAGE ARGS…", multiple: true }),
    "block-secrets": Flags.boolean({ description: "block tool calls whose arguments or results carry secrets", default: true, allowNo: true }),
    "redact-secrets": Flags.boolean({ description: "with --block-secrets, replace secrets in tool calls with [redacted:<kind>] instead of blocking the call" , allowNo: true }),
    "block-network": Flags.boolean({ description: "run every container without a network, except that servers with allowHosts reach those hosts through the gateway's proxy" , allowNo: true }),
    "allow-private-remotes": Flags.boolean({ description: "reach remote servers on private, loopback or link-local addresses (refused by default)" , allowNo: true }),
    "verify-signatures": Flags.boolean({
      description: "run only images pinned to a digest (image@sha256:…) and signed with cosign by a trusted key (--signature-key, MCPGW_SIGNATURE_KEYS, a catalog entry's signatureKeys)",
      allowNo: true,
    }),
    "signature-key": Flags.string({ description: "a public key trusted to sign images under --verify-signatures: a PEM file (cosign.pub) or its text (repeatable)", multiple: true }),
    "metrics-port": Flags.integer({ description: "serve Prometheus metrics at /metrics on this port of 127.0.0.1 (0: any free one), e.g. beside a stdio gateway; an HTTP gateway serves /metrics beside /mcp either way", env: "MCPGW_METRICS_PORT", min: 0, max: 65535 }),
    "metrics-public": Flags.boolean({ description: "serve /metrics without the token /mcp asks for", env: "MCPGW_METRICS_PUBLIC", allowNo: true }),
    "log-calls": Flags.boolean({ description: "log every tool call (never its arguments or results)", default: true, allowNo: true }),
    "otel-endpoint": Flags.string({ description: "send OpenTelemetry traces to this OTLP/HTTP endpoint (default OTEL_EXPORTER_OTLP_ENDPOINT)" }),
    verbose: Flags.boolean({ description: "log more, servers' stderr included" , allowNo: true }),
    debug: Flags.boolean({ description: "the same as --verbose (Docker's spelling)" , allowNo: true }),
    watch: Flags.boolean({ description: "apply edits of the registry, config, tools and catalog files while running", default: true, allowNo: true }),
    "dry-run": Flags.boolean({ description: "load and resolve everything, report, and exit" , allowNo: true }),
    "long-lived": Flags.boolean({ description: "keep servers running once started" , allowNo: true }),
    cpus: Flags.string({ description: "CPUs per container", default: "1" }),
    memory: Flags.string({ description: "memory per container", default: "2Gb" }),
    keep: Flags.boolean({ description: "keep stopped containers, for debugging" , allowNo: true }),
    pull: Flags.string({
      description: "when to pull images (as docker run --pull): missing pulls those the engine lacks, always pulls each before its first start, never refuses those not present",
      options: [...PULL_POLICIES],
      default: "missing",
    }),
    "allow-unauthenticated": Flags.boolean({ description: "serve HTTP without a bearer token (loopback only)" , allowNo: true }),
    "oauth-issuer": Flags.string({ description: "accept OAuth access tokens (JWTs) of this authorization server over HTTP; the gateway token is then optional" }),
    "oauth-audience": Flags.string({ description: "the audience access tokens must carry (default the public URL)", dependsOn: ["oauth-issuer"] }),
    "oauth-jwks-url": Flags.string({ description: "the issuer's signing keys (default from its metadata)", dependsOn: ["oauth-issuer"] }),
    "oauth-scopes": Flags.string({ description: "scopes every access token must have (repeat or comma-separate)", multiple: true, dependsOn: ["oauth-issuer"] }),
    "public-url": Flags.string({ description: "the gateway's canonical URL, e.g. https://mcp.example.com/mcp (default http://<host>:<port>/mcp, https:// with --tls-cert)" }),
    "tls-cert": Flags.string({ description: "serve HTTPS with this PEM certificate (its chain after it); taken again when it is renewed", env: "MCPGW_TLS_CERT" }),
    "tls-key": Flags.string({ description: "the unencrypted PEM private key of --tls-cert", env: "MCPGW_TLS_KEY" }),
    "session-idle-timeout": Flags.integer({ description: `seconds after which an HTTP session with no traffic is closed (default ${DEFAULT_TIMEOUTS.sessionIdleMs / 1000})`, min: 1 }),
    "max-sessions": Flags.integer({
      description: `HTTP sessions at once; at the cap the least recently active idle one is closed to admit a new one, and only when all are busy is it refused (default ${DEFAULT_SESSION_CAPS.maxSessions})`,
      min: 1,
    }),
    "max-sessions-per-caller": Flags.integer({
      description: `HTTP sessions of one named token or OAuth subject (not the owner's); past it the caller's own least recently active idle one is closed (default ${DEFAULT_SESSION_CAPS.maxSessionsPerCaller})`,
      min: 1,
    }),
    "initialize-timeout": Flags.integer({ description: `seconds a server has from start to answering initialize before it is stopped (default ${DEFAULT_TIMEOUTS.initializeMs / 1000})`, min: 1 }),
    "call-timeout": Flags.integer({
      description: `seconds a tool call may take before the caller gets an error and the server a cancellation; a remote server may stay silent this long (default ${DEFAULT_TIMEOUTS.callMs / 1000})`,
      min: 1,
    }),
  };

  async run() {
    this.argv = normalizeBooleanFlags(this.argv, BOOLEANS);
    const { flags } = await this.parse(GatewayRun);
    const cpus = Number(flags.cpus);
    const verbose = flags.verbose || flags.debug;
    // On a terminal a pull draws a bar per layer on stderr, and log lines go above the bars.
    const display = process.stderr.isTTY && !flags["dry-run"] ? createPullDisplay(process.stderr) : undefined;
    if (!(cpus > 0)) throw new GatewayError(ErrorCode.INVALID_ARGUMENT, `--cpus must be a positive number, not "${flags.cpus}"`);
    const options: GatewayOptions = {
      home: this.home,
      transport: TRANSPORTS[flags.transport]!,
      port: flags.port,
      host: flags.host,
      ...definedOnly({ servers: listFlag([...(flags.servers ?? []), ...(flags.server ?? [])]) }),
      enableAllServers: flags["enable-all-servers"],
      ...definedOnly({
        profile: flags.profile,
        catalogs: flags.catalog,
        registryFile: flags.registry,
        configFile: flags.config,
        toolsFile: flags["tools-config"],
        additionalCatalogs: flags["additional-catalog"],
        additionalRegistryFiles: flags["additional-registry"],
        additionalConfigFiles: flags["additional-config"],
        additionalToolsFiles: flags["additional-tools-config"],
        policyFile: flags.policy,
        secrets: flags.secrets,
        tools: listFlag(flags.tools),
      }),
      toolPrefix: flags["tool-prefix"] as GatewayOptions["toolPrefix"],
      ...definedOnly({ dynamicTools: flags["dynamic-tools"], toolBudget: flags["tool-budget"] }),
      ...definedOnly({ interceptors: flags.interceptor }),
      blockSecrets: flags["block-secrets"],
      redactSecrets: flags["redact-secrets"],
      blockNetwork: flags["block-network"],
      allowPrivateRemotes: flags["allow-private-remotes"],
      verifySignatures: flags["verify-signatures"],
      ...definedOnly({ signatureKeys: flags["signature-key"] }),
      logCalls: flags["log-calls"],
      ...definedOnly({ metricsPort: flags["metrics-port"], metricsPublic: flags["metrics-public"] }),
      verbose,
      watch: flags.watch,
      dryRun: flags["dry-run"],
      longLived: flags["long-lived"],
      cpus,
      memory: flags.memory,
      keep: flags.keep,
      pull: flags.pull as PullPolicy,
      ...(display ? { onPull: display.onPull, logger: createStreamLogger(display.lines, verbose ? "debug" : "info") } : {}),
      allowUnauthenticated: flags["allow-unauthenticated"],
      ...definedOnly({
        allowedHosts: listFlag(flags["allowed-hosts"]),
        oauth: oauthOptions(flags),
        publicUrl: flags["public-url"],
        otelEndpoint: flags["otel-endpoint"],
        tls: tlsFiles(flags["tls-cert"], flags["tls-key"]),
        sessionIdleMs: seconds(flags["session-idle-timeout"]),
        maxSessions: flags["max-sessions"],
        maxSessionsPerCaller: flags["max-sessions-per-caller"],
        initializeTimeoutMs: seconds(flags["initialize-timeout"]),
        callTimeoutMs: seconds(flags["call-timeout"]),
      }),
    };
    if (!options.catalogs && !hasCatalogs(this.home.catalogsDir)) {
      // The embedded default: a new home serves the starter catalog's servers, which need no Docker.
      // Loaded only here: the example servers' tool definitions are built when their module loads.
      const { installStarterCatalog } = await import("../../starter-catalog.js");
      const starter = await installStarterCatalog(this.home);
      this.notice(`No catalogs in ${this.home.catalogsDir}: installed the starter catalog${starter.enabled.length ? ` and enabled ${starter.enabled.join(", ")}` : ""}.`);
    }
    const gateway = await createGateway(options);
    if (flags["dry-run"]) {
      const { report } = gateway;
      if (!this.jsonEnabled()) {
        for (const warning of report.warnings) this.notice(warning);
        this.log(report.servers.length === 0 ? "No server to serve." : formatTable(["SERVER", "KIND", "SHARING"], report.servers.map((s) => [s.name, s.kind, s.sharing])));
        for (const s of report.servers) if (s.commandLine) this.log(`${s.name}: the image ${s.image}, given as a server (its tools are listed when it first starts)`);
        for (const p of report.problems) this.notice(`${p.server}: ${p.message}${p.suggestion ? `\n  → ${p.suggestion}` : ""}`);
        if (report.policy) this.log(describePolicy(report.policy));
        if (report.profiles?.length) this.log(`Profiles, each at /mcp/NAME: ${report.profiles.join(", ")}`);
      }
      const first = report.problems[0];
      if (first) {
        // A dry run that finds problems fails, so scripts and CI can rely on its exit code.
        if (this.jsonEnabled()) this.logJson(report);
        this.exit(EXIT_CODES[first.code as keyof typeof EXIT_CODES] ?? 1);
      }
      return report;
    }
    onShutdown(async () => {
      await gateway.close();
    });
    if (gateway.url) this.announce(gateway.url, gateway.authToken, gateway.report.profiles ?? []);
    await gateway.closed;
    return undefined;
  }

  /** On HTTP, stdout is free: the URL, the token and a config to paste into a client. */
  private announce(url: string, token: string | undefined, profiles: readonly string[]): void {
    const endpoint = `${url}/mcp`;
    const config = { mcpServers: { mcpgw: { type: "http", url: endpoint, ...(token ? { headers: { Authorization: `Bearer ${token}` } } : {}) } } };
    this.log(`mcpgw is serving MCP at ${endpoint} (legacy SSE at ${url}/sse, health at ${url}/health)`);
    if (profiles.length > 0) this.log(`Profiles: ${profiles.map((name) => `${endpoint}/${name}`).join(", ")}`);
    if (token) this.log(`Bearer token: ${token}`);
    this.log(`Client configuration:\n${JSON.stringify(config, null, 2)}`);
  }
}

function hasCatalogs(dir: string): boolean {
  return existsSync(dir) && readdirSync(dir).some((f) => f.endsWith(".yaml") || f.endsWith(".yml"));
}

function oauthOptions(flags: { "oauth-issuer"?: string; "oauth-audience"?: string; "oauth-jwks-url"?: string; "oauth-scopes"?: string[] }): GatewayOptions["oauth"] {
  const issuer = flags["oauth-issuer"];
  if (issuer === undefined) return undefined;
  return {
    issuer,
    ...definedOnly({ audience: flags["oauth-audience"], jwksUrl: flags["oauth-jwks-url"], requiredScopes: listFlag(flags["oauth-scopes"]) }),
  };
}

/** `--tls-cert` and `--tls-key`, both or neither. */
function tlsFiles(certFile: string | undefined, keyFile: string | undefined): GatewayOptions["tls"] {
  if (certFile === undefined && keyFile === undefined) return undefined;
  if (certFile === undefined || keyFile === undefined) {
    const [given, missing] = certFile === undefined ? ["--tls-key (MCPGW_TLS_KEY)", "--tls-cert (MCPGW_TLS_CERT)"] : ["--tls-cert (MCPGW_TLS_CERT)", "--tls-key (MCPGW_TLS_KEY)"];
    throw new GatewayError(ErrorCode.INVALID_ARGUMENT, `${given} is given without ${missing}: HTTPS needs the certificate and its key together`, { suggestion: "give both, or neither to serve plain HTTP" });
  }
  return { certFile, keyFile };
}

function seconds(value: number | undefined): number | undefined {
  return value === undefined ? undefined : value * 1000;
}
