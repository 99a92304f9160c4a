// Egress containment for `--block-network`: servers whose catalog entry lists `allowHosts` run on
// an internal Docker network whose only way out is the gateway's egress proxy.
//
// Why a proxy on the host, reached over an internal network: the engine here and in CI runs as
// `dockerd --bridge=none --iptables=false`, so there is no default bridge to give containers and
// no iptables rules to filter with. `docker network create --internal` still works there, and
// the host holds the network's gateway address on its bridge, so a process of the gateway can
// listen on it and containers on the network can connect to it. A proxy container would need
// a second, routed network to reach anything, which this engine cannot give it.
//
// What this covers: proxy-aware clients (those honouring HTTP_PROXY / HTTPS_PROXY, or told the
// proxy explicitly) reach exactly the allowed hosts, by HTTP or CONNECT tunnels; names are
// resolved by the proxy and checked against private, loopback, link-local (cloud metadata) and
// other non-public addresses.
//
// What it does not cover, and why:
// - Clients that ignore the proxy variables get no route through the proxy; whether they get
//   any other route depends on the engine. An internal network has no route out only where the
//   engine filters it: with iptables (the engine's default) it drops forwarded traffic; with
//   `--iptables=false` it cannot, and containers keep a default route via the host, so packets
//   may be forwarded if the host forwards (un-NATed, so replies from elsewhere rarely find
//   their way back, but this is not a guarantee).
// - The host itself is reachable from the network at the gateway address: any host service
//   listening on all interfaces (0.0.0.0) or on that address can be reached directly. Bind
//   host services to 127.0.0.1.
// - UDP, and DNS with it: containers get no resolver that works; the proxy resolves names.
// - A gateway that itself runs in a container cannot listen on the network's gateway address:
//   starting a server with `allowHosts` under `--block-network` fails with a clear error there.
//   (Joining the gateway's container to the internal network and listening on its address
//   there would make it work; it is not done yet.)
import type { DockerServerSpec, Logger } from "@mcpgw/core";
import { ErrorCode, GatewayError } from "@mcpgw/core";
import type Docker from "dockerode";
import type { GatewayInstance } from "../instance.js";
import type { EgressClient, EgressProxy } from "./egress-proxy.js";
import { startEgressProxy } from "./egress-proxy.js";
import type { EgressNetwork } from "./egress-network.js";
import { createEgressNetwork, removeEgressNetwork } from "./egress-network.js";
import { parseAllowList } from "./allow-list.js";

export { parseAllowList, DEFAULT_ALLOWED_PORTS } from "./allow-list.js";
export type { AllowList } from "./allow-list.js";
export { egressNetworkName } from "./egress-network.js";
export { startEgressProxy } from "./egress-proxy.js";

/** Where a contained server's container goes: the internal network and the proxy on it. */
export interface EgressRoute {
  network: string;
  proxyUrl: string;
}

/** The egress network and proxy of one gateway instance, made on first use. */
export interface Egress {
  /** Creates the network and starts the proxy the first time; the same route afterwards. */
  route(): Promise<EgressRoute>;
  /** Lets a started container use the proxy under its server's allow-list; returns its release. */
  admit(containerId: string, spec: DockerServerSpec): Promise<() => void>;
  /** Stops the proxy and removes the network; call it once the containers are gone. */
  close(): Promise<void>;
}

/** Options of {@link createEgress}. */
export interface EgressOptions {
  docker: () => Promise<Docker>;
  instance: GatewayInstance;
  logger: Logger;
}

/** The egress containment of one gateway instance (see the top of this file for its reach). */
export function createEgress(options: EgressOptions): Egress {
  const clients = new Map<string, { containerId: string; client: EgressClient }>();
  let started: Promise<{ network: EgressNetwork; proxy: EgressProxy }> | undefined;

  const start = async () => {
    const docker = await options.docker();
    const network = await createEgressNetwork(docker, options.instance);
    try {
      const proxy = await startEgressProxy({ host: network.gateway, identify: (address) => clients.get(address)?.client, logger: options.logger });
      options.logger.debug("egress proxy listening", { network: network.name, url: proxy.url });
      return { network, proxy };
    } catch (error) {
      await removeEgressNetwork(docker, network).catch(() => {});
      throw new GatewayError(
        ErrorCode.UNSUPPORTED,
        `the egress proxy for --block-network cannot listen on ${network.gateway}, the internal network's address on the engine's host: ${(error as Error).message}`,
        { cause: error, suggestion: "run the gateway on the engine's host, or give the server no allowHosts (no network at all)" },
      );
    }
  };

  return {
    async route() {
      started ??= start().catch((error: unknown) => {
        started = undefined;
        throw error;
      });
      const { network, proxy } = await started;
      return { network: network.name, proxyUrl: proxy.url };
    },
    async admit(containerId, spec) {
      const { network } = await (started ?? Promise.reject(new Error("egress is not started")));
      const docker = await options.docker();
      const info = await docker.getContainer(containerId).inspect();
      const address = info.NetworkSettings.Networks[network.name]?.IPAddress;
      if (!address) throw new GatewayError(ErrorCode.SERVER_START_FAILED, `server "${spec.name}": its container has no address on ${network.name}`);
      clients.set(address, { containerId, client: { server: spec.name, allowList: parseAllowList(spec.name, spec.allowHosts) } });
      // A later container may get the same address: only this container's entry is released.
      return () => {
        if (clients.get(address)?.containerId === containerId) clients.delete(address);
      };
    },
    async close() {
      const current = started;
      started = undefined;
      clients.clear();
      if (!current) return;
      const { network, proxy } = await current.catch(() => ({ network: undefined, proxy: undefined }));
      await proxy?.close();
      if (network) await removeEgressNetwork(await options.docker(), network).catch((error: Error) => options.logger.warn("could not remove the egress network", { network: network.name, error: error.message }));
    },
  };
}
