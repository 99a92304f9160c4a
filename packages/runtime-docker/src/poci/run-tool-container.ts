import type { DockerServerSpec, ToolContainersSpec } from "@mcpgw/core";
import { ErrorCode, GatewayError, mountsEngineSocket } from "@mcpgw/core";
import type Docker from "dockerode";
import type { ContainerPolicy } from "../container-config.js";
import { containerConfig } from "../container-config.js";
import type { GatewayInstance } from "../instance.js";
import type { ContainerOutput } from "../run-to-end.js";
import { runToEnd } from "../run-to-end.js";
import type { StartContainerOptions } from "../start-container.js";
import { renderToolArguments } from "./argument-templates.js";

/** What a tool container printed and how it ended. */
export type ToolRun = ContainerOutput;

export interface ToolRunContext {
  docker: Docker;
  /** Makes a tool's image present, as the connector's pull policy says (and, under `--verify-signatures`, checks it first). */
  prepareImage: (image: string) => Promise<void>;
  policy: ContainerPolicy;
  instance: GatewayInstance;
  start: StartContainerOptions;
  /** Most bytes of stdout kept; the rest is cut (the container still runs to its end). */
  maxOutputBytes: number;
  session?: string | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * Runs one call of a poci tool: its container with the call's arguments filled into the command
 * and volumes, hardened and limited like a server's container (the same create options), stdin
 * closed at once. Resolves with its output once it has exited and been removed; an abort kills it.
 */
export async function runToolContainer(spec: ToolContainersSpec, tool: string, args: Record<string, unknown>, context: ToolRunContext): Promise<ToolRun> {
  const container = spec.containers[tool];
  if (!container) throw new GatewayError(ErrorCode.NOT_FOUND, `server "${spec.name}" has no tool "${tool}"`);
  const command = renderToolArguments(container.command, args);
  const volumes = renderToolArguments(container.volumes, args).filter((v) => v !== "");
  // Checked after the arguments are filled in: an argument cannot smuggle the socket in.
  const sockets = volumes.filter(mountsEngineSocket);
  if (sockets.length > 0 && !spec.allowEngineSocket) {
    throw new GatewayError(ErrorCode.REFUSED, `server "${spec.name}": tool "${tool}" would mount the container engine's socket, which this server is not allowed (\`mcpgw server enable ${spec.name} --allow-engine-socket\` allows it)`, {
      suggestion: `mcpgw server enable ${spec.name} --allow-engine-socket`,
    });
  }
  const asServer: DockerServerSpec = {
    ...spec,
    kind: "docker",
    image: container.image,
    command,
    volumes: volumes.filter((v) => !mountsEngineSocket(v)),
    ...(container.user ? { user: container.user } : {}),
    allowHosts: [],
    extraHosts: [],
    readOnlyRootfs: true,
  };
  const config = containerConfig(asServer, context.policy, context.instance, context.session);
  if (sockets.length > 0) config.HostConfig = { ...config.HostConfig, Binds: [...(config.HostConfig?.Binds ?? []), ...sockets.map(socketBind)] };
  context.signal?.throwIfAborted();
  await context.prepareImage(container.image);
  return runToEnd(context.docker, config, { start: context.start, maxOutputBytes: context.maxOutputBytes, signal: context.signal });
}

/** The engine's socket as the volume names it, mounted where the volume says. */
function socketBind(volume: string): string {
  const [host, target = host, mode = "rw"] = volume.split(":");
  return `${host}:${target}:${mode}`;
}
