import { randomUUID } from "node:crypto";
import { readFileSync, readlinkSync } from "node:fs";
import { hostname } from "node:os";

/** Who owns a container: the gateway process that started it. */
export interface GatewayInstance {
  id: string;
  host: string;
  pid: number;
  /** The process's start time (Linux clock ticks since boot), to tell a reused pid apart. */
  started: string;
  /** The pid namespace: a pid means something only inside its own (a gateway in a container has another). */
  pidns: string;
}

export const LABELS = {
  managed: "mcpgw.managed",
  server: "mcpgw.server",
  gateway: "mcpgw.gateway",
  session: "mcpgw.session",
  host: "mcpgw.owner.host",
  pid: "mcpgw.owner.pid",
  pidns: "mcpgw.owner.pidns",
  started: "mcpgw.owner.started",
} as const;

/** This process as a gateway instance, with a fresh id. */
export function currentInstance(): GatewayInstance {
  return { id: randomUUID(), host: hostname(), pid: process.pid, started: processStartTime(process.pid) ?? "", pidns: pidNamespace() };
}

/** The labels that tie a container to its instance. */
export function instanceLabels(instance: GatewayInstance): Record<string, string> {
  return {
    [LABELS.managed]: "true",
    [LABELS.gateway]: instance.id,
    [LABELS.host]: instance.host,
    [LABELS.pid]: String(instance.pid),
    [LABELS.started]: instance.started,
    [LABELS.pidns]: instance.pidns,
  };
}

/** Whether the process that owns a container on this host is still running. */
export function ownerAlive(pid: number, started: string): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
  const now = processStartTime(pid);
  return now === undefined || started === "" || now === started;
}

function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces; fields after its closing parenthesis are plain.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

function pidNamespace(): string {
  try {
    return readlinkSync("/proc/self/ns/pid");
  } catch {
    return "";
  }
}
