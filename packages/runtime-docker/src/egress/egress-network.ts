import { ErrorCode, GatewayError } from "@mcpgw/core";
import type Docker from "dockerode";
import type { GatewayInstance } from "../instance.js";
import { instanceLabels } from "../instance.js";

/** The internal network of one gateway instance, and the address the gateway has on it. */
export interface EgressNetwork {
  name: string;
  id: string;
  /** The network's gateway address: this host's address on the network's bridge. */
  gateway: string;
}

/** The internal network's name for an instance: one per gateway, never shared. */
export function egressNetworkName(instance: GatewayInstance): string {
  return `mcpgw-egress-${instance.id.slice(0, 12)}`;
}

/**
 * Creates the instance's internal network (`docker network create --internal`), labelled like
 * its containers so that the reaper removes it when the gateway dies without cleaning up.
 */
export async function createEgressNetwork(docker: Docker, instance: GatewayInstance): Promise<EgressNetwork> {
  const name = egressNetworkName(instance);
  try {
    const network = await docker.createNetwork({ Name: name, Driver: "bridge", Internal: true, CheckDuplicate: true, Labels: instanceLabels(instance) });
    const info = (await network.inspect()) as { Id: string; IPAM?: { Config?: { Gateway?: string }[] } };
    const gateway = info.IPAM?.Config?.find((c) => c.Gateway)?.Gateway;
    if (!gateway) {
      await network.remove().catch(() => {});
      throw new Error("the engine gave the network no gateway address");
    }
    return { name, id: info.Id, gateway };
  } catch (error) {
    throw new GatewayError(ErrorCode.ENGINE_UNAVAILABLE, `the internal network for --block-network could not be created: ${reason(error)}`, { cause: error });
  }
}

/** Removes the network; one already gone is fine. */
export async function removeEgressNetwork(docker: Docker, network: EgressNetwork): Promise<void> {
  await docker
    .getNetwork(network.id)
    .remove()
    .catch((error: { statusCode?: number }) => {
      if (error.statusCode !== 404) throw error;
    });
}

function reason(error: unknown): string {
  const json = (error as { json?: { message?: string } }).json;
  return (json?.message ?? (error as Error).message ?? String(error)).trim();
}
