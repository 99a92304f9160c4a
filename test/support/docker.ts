import { readlinkSync } from "node:fs";
import Dockerode from "dockerode";

// Labels the Docker runtime puts on every container: the pid of the gateway that started it
// and that pid's namespace (see @mcpgw/runtime-docker's instance labels). Both are needed: a
// gateway in a container (another test's) has small pids of its own namespace.
const OWNER_PID_LABEL = "mcpgw.owner.pid";
const OWNER_PIDNS_LABEL = "mcpgw.owner.pidns";

let docker: Dockerode | undefined;
const engine = () => (docker ??= new Dockerode());

function pidNamespace(): string {
  try {
    return readlinkSync("/proc/self/ns/pid");
  } catch {
    return "";
  }
}

/** Containers (running or not) that the gateway process `pid`, a child of this one, started. */
export async function containersOf(pid: number): Promise<string[]> {
  const list = await engine().listContainers({
    all: true,
    filters: JSON.stringify({ label: [`${OWNER_PID_LABEL}=${pid}`, `${OWNER_PIDNS_LABEL}=${pidNamespace()}`] }),
  });
  return list.map((c) => c.Id);
}

/** Removes what `containersOf(pid)` finds; returns the ids it had to remove. */
export async function removeContainersOf(pid: number): Promise<string[]> {
  const ids = await containersOf(pid);
  await Promise.all(ids.map((id) => engine().getContainer(id).remove({ force: true }).catch(() => {})));
  return ids;
}
