import { ErrorCode, GatewayError, definedOnly } from "@mcpgw/core";
import type { Connection, ConnectContext, Connector, RemoteServerSpec, ServerExit, ServerSpec } from "@mcpgw/core";
import { SupervisedTransport } from "@mcpgw/runtime-kernel";
import { createGuardedFetch } from "./guarded-fetch.js";
import { authorizedFetch } from "./oauth/authorized-fetch.js";
import { tracedFetch } from "./traced-fetch.js";
import type { RemoteAuthorization } from "./oauth/oauth-broker.js";
import { buildRemoteHeaders } from "./remote-headers.js";
import { checkRemoteUrl } from "./remote-url.js";

/** Options of {@link createRemoteConnector}. */
export interface RemoteConnectorOptions {
  /** Accept plain `http:` URLs to any host; without it only loopback hosts may use http. */
  allowInsecure?: boolean;
  /**
   * Reach remotes on non-public addresses. Without it (the default) a remote whose host is, or
   * resolves to, a private (10/8, 172.16/12, 192.168/16, 100.64/10), loopback, link-local
   * (169.254/16 with cloud metadata, fe80::/10), unique-local (fc00::/7), unspecified, multicast
   * or reserved address, IPv4-mapped ones included, is refused with `REFUSED`. The check runs
   * in each connection's DNS lookup, against the addresses actually connected to, so a name
   * that changes its answer later (DNS rebinding) is caught too.
   */
  allowPrivateNetworks?: boolean;
  /** How long opening a legacy SSE stream, or ending a session at close, may take. Default 10 s. */
  connectTimeoutMs?: number;
  /**
   * How long one request may go unanswered before it gets a `TIMEOUT` error response; a
   * progress notification for it starts the time again. Default 60 s, the SDK clients' own limit.
   */
  requestTimeoutMs?: number;
  lifecycle?: {
    /** From `start()` to the server's first answer; past it the connection is closed. Default 30 s. */
    startTimeoutMs?: number;
    /** Without traffic for this long the connection (and its session) is closed. Default 5 min; never for `longLived` servers. */
    idleTimeoutMs?: number;
  };
  /**
   * The fetch to use, e.g. one with a proxy or custom TLS. It takes over connecting, and with it
   * the address check of `allowPrivateNetworks`: a custom fetch must do its own. Default: a
   * fetch that checks addresses, or the global fetch with `allowPrivateNetworks`.
   */
  fetch?: typeof fetch;
  /**
   * OAuth for the servers that need it: the bearer token of a server's connection, renewed on
   * a 401 (see `createOAuthBroker`). Not used for a server whose headers set `Authorization`.
   */
  authorization?: (spec: RemoteServerSpec) => RemoteAuthorization | undefined;
}

const DEFAULTS = {
  connectTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
  startTimeoutMs: 30_000,
  idleTimeoutMs: 300_000,
};

/**
 * The connector for servers reached over the network (`type: remote`), over Streamable HTTP or
 * legacy SSE. `connect()` checks the URL (https, or http to loopback) and fills in the headers'
 * `${NAME}` placeholders, then returns at once: nothing is sent until the first message, and a
 * server that cannot be reached answers that message with an error.
 *
 * @example
 * const connector = createRemoteConnector({ requestTimeoutMs: 30_000 });
 * const connection = await connector.connect(spec, { logger });
 * await client.connect(connection.transport);
 */
export function createRemoteConnector(options: RemoteConnectorOptions = {}): Connector {
  const live = new Set<Connection>();
  return {
    kinds: ["remote"],
    async connect(spec: ServerSpec, context: ConnectContext): Promise<Connection> {
      if (spec.kind !== "remote") {
        throw new GatewayError(ErrorCode.UNSUPPORTED, `the remote connector cannot run server "${spec.name}" of kind "${spec.kind}"`, {
          data: { server: spec.name, kind: spec.kind },
        });
      }
      context.signal?.throwIfAborted();
      const connection = await openRemote(spec, context, options);
      live.add(connection);
      void connection.closed.then(() => live.delete(connection));
      return connection;
    },
    async closeAll(): Promise<void> {
      await Promise.all([...live].map((connection) => connection.close()));
    },
  };
}

async function openRemote(spec: RemoteServerSpec, context: ConnectContext, options: RemoteConnectorOptions): Promise<Connection> {
  const { logger } = context;
  const transportKind: string = spec.transport;
  if (transportKind !== "streamable-http" && transportKind !== "sse") {
    throw new GatewayError(ErrorCode.UNSUPPORTED, `remote server "${spec.name}" asks for transport "${transportKind}"; supported are streamable-http and sse`, {
      data: { server: spec.name, transport: transportKind },
    });
  }
  const checked = checkRemoteUrl(spec.name, spec.url, { allowInsecure: options.allowInsecure ?? false });
  const { headers, secrets } = buildRemoteHeaders(spec, checked.credentials);
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULTS.connectTimeoutMs;
  const startTimeoutMs = options.lifecycle?.startTimeoutMs ?? DEFAULTS.startTimeoutMs;
  const idleTimeoutMs = options.lifecycle?.idleTimeoutMs ?? DEFAULTS.idleTimeoutMs;
  const guarded = options.fetch || options.allowPrivateNetworks ? undefined : createGuardedFetch(spec.name);
  const setsAuthorization = Object.keys(headers).some((name) => name.toLowerCase() === "authorization");
  const authorization = setsAuthorization ? undefined : options.authorization?.(spec);
  const base = options.fetch ?? guarded?.fetch ?? globalThis.fetch;
  const fetch = tracedFetch(authorization ? authorizedFetch(base, authorization) : base);
  // The client SDK loads with the first remote connection: gateways without remotes never pay for it.
  const { RemoteTransport } = await import("./remote-transport.js");
  const remote = new RemoteTransport({
    server: spec.name,
    kind: spec.transport,
    url: checked.url,
    display: checked.display,
    headers,
    secrets,
    ...definedOnly({ fetch }),
    requestTimeoutMs: options.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs,
    connectTimeoutMs,
    logger,
  });
  const fields = { server: spec.name, url: checked.display };
  let timedOut = false;
  const transport = new SupervisedTransport(remote, {
    startTimeoutMs,
    ...(spec.longLived ? {} : { idleTimeoutMs }),
    onStartTimeout: () => {
      timedOut = true;
      logger.warn("remote server did not answer in time; closing its connection", { ...fields, timeoutMs: startTimeoutMs });
      void remote.close();
    },
    onIdle: () => {
      logger.info("closing idle remote connection", fields);
      void remote.close();
    },
    describeClose: async () =>
      timedOut
        ? new GatewayError(ErrorCode.SERVER_START_TIMEOUT, `remote server "${spec.name}" at ${checked.display} did not answer within ${startTimeoutMs} ms; its connection was closed`, {
            data: fields,
          })
        : new GatewayError(ErrorCode.SERVER_EXITED, `the connection to remote server "${spec.name}" at ${checked.display} was closed`, { data: fields }),
  });
  const closed = remote.ended.then((): ServerExit => {
    guarded?.close();
    logger.info("remote connection closed", { ...fields, requested: !timedOut });
    // A remote has no exit code or stderr; `requested` is false only when the gateway gave up on it.
    return { code: null, signal: null, requested: !timedOut, stderr: [] };
  });
  logger.debug("remote connection ready", { ...fields, transport: spec.transport });
  return {
    id: checked.display,
    server: spec.name,
    transport,
    closed,
    async close() {
      await transport.close();
      await closed;
    },
  };
}
