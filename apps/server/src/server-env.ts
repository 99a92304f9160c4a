/**
 * Every environment variable @mcpgw/server reads, with what it does; README.md says the same
 * for people. `gateway run`'s flag of the same meaning is in brackets.
 */
export const SERVER_ENV = {
  MCPGW_PORT: "HTTP port, 0 for any free one; default 8811 [--port]",
  MCPGW_HOST: "address to bind; default 127.0.0.1 (0.0.0.0 in the image). Any other than loopback requires MCPGW_AUTH_TOKEN and MCPGW_ALLOWED_HOSTS [--host]",
  MCPGW_TRANSPORT: "streaming (default) or sse; both serve /mcp, /sse and /health [--transport]",
  MCPGW_AUTH_TOKEN: "the bearer token clients send; when unset (on loopback) the one kept in MCPGW_HOME/auth-token, made at the first start and printed at start. MCP_GATEWAY_AUTH_TOKEN, Docker's name, is read too",
  MCPGW_ALLOW_UNAUTHENTICATED: "true serves without a token, on loopback only [--allow-unauthenticated]",
  MCPGW_ALLOWED_HOSTS: "comma-separated hostnames a Host header may name besides the loopback ones; * for any; required off loopback [--allowed-hosts]",
  MCPGW_ALLOWED_ORIGINS: "comma-separated origins a browser may call from besides the loopback ones [none]",
  MCPGW_OAUTH_ISSUER: "accept OAuth access tokens (JWTs) of this authorization server; MCPGW_AUTH_TOKEN then becomes optional [--oauth-issuer]",
  MCPGW_OAUTH_AUDIENCE: "the audience access tokens must carry; default MCPGW_PUBLIC_URL [--oauth-audience]",
  MCPGW_OAUTH_JWKS_URL: "the issuer's signing keys; default from its metadata [--oauth-jwks-url]",
  MCPGW_OAUTH_SCOPES: "comma-separated scopes every access token must have [--oauth-scopes]",
  MCPGW_PUBLIC_URL: "the gateway's canonical URL, e.g. https://mcp.example.com/mcp; default http://<host>:<port>/mcp (https:// with MCPGW_TLS_CERT), required with MCPGW_OAUTH_ISSUER off loopback [--public-url]",
  MCPGW_TLS_CERT: "serve HTTPS with this PEM certificate file (its chain after it); taken again when it is renewed. Needs MCPGW_TLS_KEY [--tls-cert]",
  MCPGW_TLS_KEY: "the unencrypted PEM private key file of MCPGW_TLS_CERT [--tls-key]",
  MCPGW_HOME: "the folder with catalogs/, registry.yaml, config.yaml, tools.yaml and the secret store; default ~/.mcpgw (/data in the image)",
  MCPGW_CATALOGS: "comma-separated catalog files to read instead of MCPGW_HOME/catalogs [--catalog]",
  MCPGW_SERVERS: "comma-separated servers to serve instead of the registry's; an image reference (with a /, : or @) that no catalog names runs as a server of its own [--servers]",
  MCPGW_SECRETS: "the secret provider chain, e.g. store:env:/run/secrets (the image's default); default store:env [--secrets]",
  MCPGW_TOOLS: "comma-separated tools to serve: *, tool, server:tool, server:* [--tools]",
  MCPGW_POLICY: "the access policy file: who may list and call which tools, and the named tokens; default MCPGW_HOME/policy.yaml when present [--policy]",
  MCPGW_BLOCK_NETWORK: "true runs every server container without a network, except that servers with allowHosts reach those hosts through the gateway's proxy; default false [--block-network]",
  MCPGW_ALLOW_PRIVATE_REMOTES: "true lets remote servers be on private, loopback or link-local addresses; default false [--allow-private-remotes]",
  MCPGW_VERIFY_SIGNATURES: "true runs only images pinned to a digest and signed with cosign by a trusted key (MCPGW_SIGNATURE_KEYS or a catalog entry's signatureKeys); default false [--verify-signatures]",
  MCPGW_SIGNATURE_KEYS: "comma-separated public keys trusted to sign images: PEM files (cosign.pub) or PEM text [--signature-key]",
  MCPGW_BLOCK_SECRETS: "false lets tool calls carry secrets; default true [--block-secrets]",
  MCPGW_REDACT_SECRETS: "true replaces secrets in tool calls with [redacted:<kind>] instead of blocking the call; default false [--redact-secrets]",
  MCPGW_METRICS_PORT: "serve Prometheus metrics at /metrics on this port of 127.0.0.1 too; /metrics beside /mcp is served either way [--metrics-port]",
  MCPGW_METRICS_PUBLIC: "true serves /metrics without the token /mcp asks for; default false [--metrics-public]",
  MCPGW_LOG_CALLS: "false stops logging tool calls; default true [--log-calls]",
  MCPGW_WATCH: "false stops applying edits of the registry, config, tools and catalog files; default true [--watch]",
  MCPGW_LONG_LIVED: "true keeps every server running once started; default false [--long-lived]",
  MCPGW_CPUS: "CPUs per server container; default 1 [--cpus]",
  MCPGW_MEMORY: "memory per server container, e.g. 512Mb; default 2Gb [--memory]",
  MCPGW_PULL: "when to pull images, as docker run --pull: missing (default) pulls those the engine lacks, always pulls each before its first start, never refuses those not present [--pull]",
  MCPGW_SESSION_IDLE_TIMEOUT: "seconds after which an HTTP session with no traffic is closed; default 1800 [--session-idle-timeout]",
  MCPGW_MAX_SESSIONS: "HTTP sessions at once; at the cap the least recently active idle one is closed to admit a new one, and only when all are busy is it refused; default 1000 [--max-sessions]",
  MCPGW_MAX_SESSIONS_PER_CALLER: "HTTP sessions of one named token or OAuth subject (not the owner's); past it the caller's own least recently active idle one is closed; default 100 [--max-sessions-per-caller]",
  MCPGW_INITIALIZE_TIMEOUT: "seconds a server may take to start and answer initialize; default 30 [--initialize-timeout]",
  MCPGW_CALL_TIMEOUT: "seconds a tool call may take, and a remote server may stay silent; default 600 [--call-timeout]",
  MCPGW_VERBOSE: "true logs more, servers' stderr included; default false, or true with Docker's DEBUG=true or LOG_LEVEL=debug [--verbose]",
} as const;

/** The name of a variable @mcpgw/server reads. */
export type ServerEnvName = keyof typeof SERVER_ENV;
