import type { Connection, ConnectContext, Connector, ImagePullEvent, Logger, PullPolicy, ResourceLimits, ServerSpec } from "@mcpgw/core";
import { ErrorCode, GatewayError, silentLogger } from "@mcpgw/core";
import type { LifecycleOptions } from "@mcpgw/runtime-kernel";
import { ServerLifecycle } from "@mcpgw/runtime-kernel";
import type Docker from "dockerode";
import { containerConfig, DEFAULT_LIMITS, needsEgress } from "./container-config.js";
import { createEgress } from "./egress/index.js";
import { assertEngine, createDockerClient } from "./engine.js";
import { createImageSource } from "./images.js";
import type { GatewayInstance } from "./instance.js";
import { currentInstance } from "./instance.js";
import type { ContainerRunRequest } from "./one-off-container.js";
import { oneOffContainerConfig } from "./one-off-container.js";
import { openToolContainers } from "./poci/open-tool-containers.js";
import { reapOrphans } from "./reaper.js";
import type { ContainerOutput } from "./run-to-end.js";
import { runToEnd } from "./run-to-end.js";
import type { SignaturePolicy } from "./signatures/index.js";
import { createImageVerifier } from "./signatures/index.js";
import { startContainer } from "./start-container.js";

export interface DockerConnectorOptions {
  /** The engine client; by default DOCKER_HOST or the local socket. */
  docker?: Docker;
  /** Who owns the containers; by default this process, with a fresh id. */
  instance?: GatewayInstance;
  lifecycle?: LifecycleOptions;
  /** The gateway's limits (`--cpus`, `--memory`); a server's own limits win. */
  limits?: ResourceLimits;
  /**
   * `--block-network`: containers run with network `none`, except those of servers whose entry
   * lists `allowHosts`: they run on the gateway's internal network and reach only those hosts,
   * through the gateway's egress proxy (see egress/index.ts for what that covers).
   */
  blockNetwork?: boolean;
  /** `--keep`: keep stopped containers for debugging. */
  keep?: boolean;
  /** Grace after closing a server's stdin before the engine stops it; default 2 s. */
  stopGraceMs?: number;
  /** Size of each container's writable /tmp; default 64m. */
  tmpSize?: string;
  /** Most bytes of a poci tool's (or a one-off container's) output kept; default 1 MiB. */
  maxToolOutputBytes?: number;
  /** How often orphans are reaped; default every minute, `false` for never. */
  reapIntervalMs?: number | false;
  /**
   * `--pull`: `missing` (default) pulls an image the engine does not have; `always` pulls each
   * image before its first use in the connector's life; `never` refuses an image not present.
   * For every image the connector runs: servers', poci tools' and {@link DockerConnector.prepareImage}'s.
   */
  pull?: PullPolicy;
  /** Every step of every image pull, for a progress display; the start and end are logged too. */
  onPull?: (event: ImagePullEvent) => void;
  /**
   * `--verify-signatures`: every image (servers', poci tools', one-off containers') must be
   * pinned to a digest and carry a cosign signature by one of these keys (or of the server's
   * catalog entry) before it is pulled or run. Bad keys throw here.
   */
  signatures?: SignaturePolicy;
  logger?: Logger;
}

/** The Docker runtime: a Connector, and the reaper of containers left by dead gateways. */
export interface DockerConnector extends Connector {
  readonly instance: GatewayInstance;
  /** Removes containers left by gateways that are gone; returns their ids. */
  reap(): Promise<string[]>;
  /**
   * Makes sure an image for {@link runContainer} is present, as the pull policy says (pulled
   * when missing, by default). A failure names `owner` and the image.
   */
  prepareImage(image: string, owner: string): Promise<void>;
  /**
   * Runs one container to its end for the gateway's own use: hardened and limited like a
   * server's, without a network; `input` on its stdin, its output collected; removed once it
   * has exited. Aborting the request, or closing the connector, kills it. One owner runs at most
   * as many at once as a server has instances; more wait for a slot.
   */
  runContainer(request: ContainerRunRequest): Promise<ContainerOutput>;
}

/**
 * A Connector that runs `docker` servers as hardened containers through the engine API, and
 * `poci` entries as a container per tool call, hardened the same way; and one-off containers
 * for the gateway's own use (`runContainer`), hardened the same way too.
 * Secrets and config reach a container as environment set through the API, never argv.
 * @example
 * const docker = createDockerConnector({ limits: { cpus: 1, memory: parseSize("2Gb") } });
 * const connection = await docker.connect(spec, { logger });
 */
export function createDockerConnector(options: DockerConnectorOptions = {}): DockerConnector {
  let client: Promise<Docker> | undefined = options.docker ? Promise.resolve(options.docker) : undefined;
  const engineClient = () => (client ??= createDockerClient());
  const instance = options.instance ?? currentInstance();
  const logger = options.logger ?? silentLogger;
  const lifecycle = new ServerLifecycle(options.lifecycle);
  const policy = {
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    blockNetwork: options.blockNetwork ?? false,
    tmpSize: options.tmpSize ?? "64m",
  };
  const startOptions = { keep: options.keep ?? false, stopGraceMs: options.stopGraceMs ?? 2_000 };
  const toolConnections = new Set<Connection>();
  const images = createImageSource({ policy: options.pull, logger, onPull: options.onPull });
  const oneOffRuns = new Map<AbortController, Promise<unknown>>();
  const egress = createEgress({ docker: engineClient, instance, logger });
  const verifier = options.signatures ? createImageVerifier(options.signatures, logger) : undefined;
  let engine: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;

  // The first reap (at start-up, or before the first container) is shared: it runs once.
  let firstReap: Promise<string[]> | undefined;
  const reap = async () => {
    const run = engineClient().then((docker) => reapOrphans(docker, instance, logger));
    firstReap ??= run;
    return run;
  };
  const ready = async () => {
    // A failed check is not cached: the engine may come up later.
    engine ??= engineClient().then(assertEngine).then(
      async () => {
        await (firstReap ?? reap()).catch((error: Error) => logger.warn("reaping orphaned containers failed", { error: error.message }));
        if (options.reapIntervalMs !== false) {
          timer = setInterval(() => void reap().catch(() => {}), options.reapIntervalMs ?? 60_000);
          timer.unref();
        }
      },
      (error: unknown) => {
        engine = undefined;
        throw error;
      },
    );
    await engine;
  };

  const prepareImage = async (image: string, owner: string): Promise<void> => {
    await verifier?.verify(image, owner);
    await ready();
    await images.prepare(await engineClient(), image, owner);
  };

  return {
    kinds: ["docker", "poci"],
    instance,
    reap,
    prepareImage,
    async runContainer(request: ContainerRunRequest): Promise<ContainerOutput> {
      await prepareImage(request.image, request.owner);
      const docker = await engineClient();
      const closing = new AbortController();
      const signal = request.signal ? AbortSignal.any([request.signal, closing.signal]) : closing.signal;
      // One owner's containers are capped like a server's instances: past the cap a run waits for a slot.
      const run = lifecycle.slot(request.owner, signal).then(async (release) => {
        try {
          return await runToEnd(docker, oneOffContainerConfig(request, policy, instance), {
            start: startOptions,
            input: request.input,
            maxOutputBytes: request.maxOutputBytes ?? options.maxToolOutputBytes ?? 1024 ** 2,
            signal,
          });
        } finally {
          release();
        }
      });
      oneOffRuns.set(closing, run);
      try {
        return await run;
      } finally {
        oneOffRuns.delete(closing);
      }
    },
    async connect(spec: ServerSpec, context: ConnectContext): Promise<Connection> {
      if (spec.kind === "poci") {
        await ready();
        const docker = await engineClient();
        const owner = `server "${spec.name}"`;
        // Under --verify-signatures a tool's image is checked (once per digest) before it is pulled or run.
        const prepare = async (image: string) => {
          await verifier?.verify(image, owner, spec.signatureKeys);
          await images.prepare(docker, image, owner);
        };
        const run = { docker, prepareImage: prepare, policy, instance, start: startOptions, maxOutputBytes: options.maxToolOutputBytes ?? 1024 ** 2, session: context.session };
        const connection = openToolContainers(spec, run, (signal) => lifecycle.slot(spec.name, signal), context.logger);
        toolConnections.add(connection);
        void connection.closed.then(() => toolConnections.delete(connection));
        return connection;
      }
      if (spec.kind !== "docker") {
        throw new GatewayError(ErrorCode.INVALID_ARGUMENT, `server "${spec.name}" is a ${spec.kind} server, not a Docker one`);
      }
      // Refused volumes and the like fail here, before anything is created.
      let config = containerConfig(spec, policy, instance, context.session);
      const contained = needsEgress(spec, policy);
      // Refused before the engine is asked anything: an image that fails is neither pulled nor run.
      await verifier?.verify(spec.image, `server "${spec.name}"`, spec.signatureKeys);
      await ready();
      const docker = await engineClient();
      if (contained) config = containerConfig(spec, policy, instance, context.session, await egress.route());
      return lifecycle.open(spec, context, async () => {
        await images.prepare(docker, spec.image, `server "${spec.name}"`);
        context.onProgress?.({ server: spec.name, phase: "start", message: `starting ${spec.image}` });
        const started = await startContainer(docker, config, startOptions);
        if (!contained) return started;
        try {
          const release = await egress.admit(started.id, spec);
          void started.exited.then(release);
        } catch (error) {
          await started.kill();
          throw error;
        }
        return started;
      });
    },
    async closeAll(): Promise<void> {
      clearInterval(timer);
      for (const closing of oneOffRuns.keys()) closing.abort(new GatewayError(ErrorCode.CANCELLED, "the gateway is closing"));
      await Promise.all([lifecycle.closeAll(), ...[...toolConnections].map((c) => c.close()), ...[...oneOffRuns.values()].map((run) => run.catch(() => {}))]);
      // After the containers: the engine refuses to remove a network still in use.
      await egress.close();
    },
  };
}
