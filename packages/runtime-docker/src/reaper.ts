import type { Logger } from "@mcpgw/core";
import type Docker from "dockerode";
import type { GatewayInstance } from "./instance.js";
import { LABELS, ownerAlive } from "./instance.js";

/**
 * Removes containers (and egress networks) that a gateway on this host started and left behind when it died
 * (SIGKILL, a crash): labelled as ours, owned by a process that is gone. Containers of live
 * gateways, of gateways on other hosts sharing the engine, and of gateways in other pid
 * namespaces (a gateway in a container) are left alone: their owners cannot be checked from here.
 * Returns the ids removed.
 */
export async function reapOrphans(docker: Docker, instance: GatewayInstance, logger: Logger): Promise<string[]> {
  const containers = await docker.listContainers({ all: true, filters: { label: [`${LABELS.managed}=true`] } });
  const orphans = containers.filter((c) => isOrphaned(c.Labels ?? {}, instance));
  const removed: string[] = [];
  await Promise.all(
    orphans.map(async (c) => {
      try {
        await docker.getContainer(c.Id).remove({ force: true, v: true });
        removed.push(c.Id);
        logger.info("removed a container left by a gateway that is gone", { server: c.Labels?.[LABELS.server], id: c.Id.slice(0, 12) });
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode !== 404) logger.warn("could not remove an orphaned container", { id: c.Id, error: (error as Error).message });
      }
    }),
  );
  // Egress networks of dead gateways go after their containers: a network in use cannot be removed.
  const networks = await docker.listNetworks({ filters: { label: [`${LABELS.managed}=true`] } });
  await Promise.all(
    networks
      .filter((n) => isOrphaned(n.Labels ?? {}, instance))
      .map(async (n) => {
        try {
          await docker.getNetwork(n.Id).remove();
          logger.info("removed a network left by a gateway that is gone", { network: n.Name });
        } catch (error) {
          if ((error as { statusCode?: number }).statusCode !== 404) logger.warn("could not remove an orphaned network", { network: n.Name, error: (error as Error).message });
        }
      }),
  );
  return removed;
}

/** Labelled as another gateway's on this host and pid namespace, whose process is gone. */
function isOrphaned(labels: Record<string, string>, instance: GatewayInstance): boolean {
  if (labels[LABELS.gateway] === instance.id || labels[LABELS.host] !== instance.host) return false;
  // Only a process in our own pid namespace can be checked for life by its pid.
  if ((labels[LABELS.pidns] ?? "") !== instance.pidns) return false;
  return !ownerAlive(Number(labels[LABELS.pid]), labels[LABELS.started] ?? "");
}
