import type { Connection, ConnectContext, Connector, ProcessServerSpec, ServerSpec } from "@mcpgw/core";
import { ErrorCode, GatewayError } from "@mcpgw/core";
import type { LifecycleOptions, StartedServer } from "@mcpgw/runtime-kernel";
import { ServerLifecycle } from "@mcpgw/runtime-kernel";
import { childEnvironment } from "./child-env.js";
import { spawnServer } from "./spawn-server.js";

export interface ProcessConnectorOptions {
  /** Caps, backoff, start and idle timeouts, shared with the other stdio runtimes. */
  lifecycle?: LifecycleOptions;
  /** How long a graceful stop waits after ending stdin, and again after SIGTERM. Default 2 s. */
  stopGraceMs?: number;
  /**
   * The gateway's environment, default `process.env`. Only PATH and HOME (on Linux also LANG,
   * LC_ALL and TMPDIR) reach servers.
   */
  env?: NodeJS.ProcessEnv;
}

const DEFAULT_STOP_GRACE_MS = 2_000;

/**
 * A connector that runs `kind: "process"` servers as local child processes speaking MCP over
 * stdio, with a minimal environment, each in its own process group so stopping one ends
 * everything it started.
 *
 * @example
 * const connector = createProcessConnector({ lifecycle: { idleTimeoutMs: 60_000 } });
 * const connection = await connector.connect(spec, { logger });
 * await client.connect(connection.transport);
 */
export function createProcessConnector(options: ProcessConnectorOptions = {}): Connector {
  const lifecycle = new ServerLifecycle(options.lifecycle);
  const stopGraceMs = options.stopGraceMs ?? DEFAULT_STOP_GRACE_MS;
  const gatewayEnv = options.env ?? process.env;
  // Every process spawned and not yet exited, including those the lifecycle has not taken
  // over yet, so closeAll misses none.
  const spawned = new Set<StartedServer>();
  const starting = new Set<Promise<unknown>>();

  async function start(spec: ProcessServerSpec, context: ConnectContext): Promise<StartedServer> {
    context.signal?.throwIfAborted();
    const logger = context.logger;
    const env = childEnvironment(spec, gatewayEnv);
    // Names only: values may be secrets, and the env holds the revealed ones.
    logger.info("starting server process", { server: spec.name, command: spec.command, args: spec.args, cwd: spec.cwd, env: Object.keys(env).sort() });
    const pending = spawnServer(spec, { env, stopGraceMs, logger });
    starting.add(pending);
    try {
      const started = await pending;
      spawned.add(started);
      void started.exited.then(() => spawned.delete(started));
      logger.debug("server process started", { server: spec.name, id: started.id });
      return started;
    } finally {
      starting.delete(pending);
    }
  }

  return {
    kinds: ["process"],
    async connect(spec: ServerSpec, context: ConnectContext): Promise<Connection> {
      if (spec.kind !== "process") {
        throw new GatewayError(ErrorCode.INVALID_ARGUMENT, `server "${spec.name}" is of kind "${spec.kind}"; the process connector runs only "process" servers`, {
          data: { server: spec.name, kind: spec.kind },
        });
      }
      return lifecycle.open(spec, context, () => start(spec, context));
    },
    async closeAll(): Promise<void> {
      await Promise.allSettled(starting);
      await lifecycle.closeAll();
      // Spawned but never handed over (the start was abandoned): stop those too.
      await Promise.all([...spawned].map((server) => server.stop()));
    },
  };
}
