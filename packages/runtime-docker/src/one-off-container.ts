import type { DockerServerSpec } from "@mcpgw/core";
import type { ContainerCreateOptions } from "dockerode";
import type { ContainerPolicy } from "./container-config.js";
import { containerConfig } from "./container-config.js";
import type { GatewayInstance } from "./instance.js";

/** A container the gateway runs to its end for its own use (an interceptor), not as a server. */
export interface ContainerRunRequest {
  /**
   * Who runs it, as messages and its `mcpgw.server` label name it, e.g.
   * `interceptor before:docker:IMAGE`.
   */
  owner: string;
  image: string;
  /** Arguments given to the image's entrypoint. */
  command: readonly string[];
  /** Written to its stdin, which then closes. */
  input?: string;
  /** Aborting kills the container; the run rejects with the abort's reason once it is gone. */
  signal?: AbortSignal;
  /** Most bytes of stdout kept; the rest is cut and `truncated` set. Default: the connector's `maxToolOutputBytes`. */
  maxOutputBytes?: number;
}

/**
 * The create options of a one-off container: a server's hardening and the gateway's limits
 * (read-only root, every capability dropped, no new privileges, `--init`, memory, CPU and pids
 * limits, the labels the reaper goes by), no environment, no volumes, and no network.
 */
export function oneOffContainerConfig(request: ContainerRunRequest, policy: ContainerPolicy, instance: GatewayInstance): ContainerCreateOptions {
  const spec: DockerServerSpec = {
    kind: "docker",
    name: request.owner,
    source: { commandLine: request.image },
    env: {},
    secretEnv: {},
    sharing: "call",
    longLived: false,
    image: request.image,
    command: [...request.command],
    volumes: [],
    disableNetwork: true,
    allowHosts: [],
    extraHosts: [],
    limits: {},
    readOnlyRootfs: true,
  };
  return containerConfig(spec, policy, instance);
}
