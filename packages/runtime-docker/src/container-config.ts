import type { DockerServerSpec, ResourceLimits } from "@mcpgw/core";
import type { ContainerCreateOptions } from "dockerode";
import type { EgressRoute } from "./egress/index.js";
import type { GatewayInstance } from "./instance.js";
import { instanceLabels, LABELS } from "./instance.js";
import { bindString, parseVolume } from "./volumes.js";

export interface ContainerPolicy {
  /** The gateway's limits; a server's own win. */
  limits: Required<ResourceLimits>;
  /**
   * `--block-network`: no server gets a network, except those whose entry lists `allowHosts`:
   * they get the gateway's internal network and its egress proxy, which lets them reach those
   * hosts only.
   */
  blockNetwork: boolean;
  /** Size of the writable `/tmp`. */
  tmpSize: string;
  /** Home folder used to find sensitive paths. */
  home?: string;
}

export const DEFAULT_LIMITS: Required<ResourceLimits> = { cpus: 1, memory: 2 * 1024 ** 3, pids: 256 };

/** The proxy variables, in both cases, since clients differ in which they read. */
const PROXY_VARIABLES = ["HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "NO_PROXY", "no_proxy"];

/** Whether a server runs contained under `--block-network`: network blocked, but some hosts allowed. */
export function needsEgress(spec: DockerServerSpec, policy: Pick<ContainerPolicy, "blockNetwork">): boolean {
  return policy.blockNetwork && !spec.disableNetwork && spec.allowHosts.length > 0;
}

/**
 * The engine's create options for a server: hardened by default (`--init`, no new privileges,
 * every capability dropped, a pids limit, memory and CPU limits, read-only root with a tmpfs
 * /tmp, no network when the server or the gateway says so), labelled as ours, with config and
 * secrets as environment (never argv). With `egress` (a server that {@link needsEgress}), the
 * container joins the internal network and gets the proxy variables; without it such a server
 * gets no network at all.
 */
export function containerConfig(spec: DockerServerSpec, policy: ContainerPolicy, instance: GatewayInstance, session?: string, egress?: EgressRoute): ContainerCreateOptions {
  const limits = { ...policy.limits, ...spec.limits };
  const proxied = egress !== undefined && needsEgress(spec, policy);
  const env = [
    ...Object.entries(spec.env)
      .filter(([k]) => !(proxied && PROXY_VARIABLES.includes(k)))
      .map(([k, v]) => `${k}=${v}`),
    ...Object.entries(spec.secretEnv).map(([k, v]) => `${k}=${v.reveal()}`),
    ...(proxied ? PROXY_VARIABLES.map((k) => `${k}=${/^no_proxy$/i.test(k) ? "localhost,127.0.0.1,::1" : egress.proxyUrl}`) : []),
  ];
  const binds = spec.volumes.map((v) => bindString(parseVolume(spec.name, v, policy.home)));
  const noNetwork = spec.disableNetwork || policy.blockNetwork;
  return {
    Image: spec.image,
    ...(spec.command.length > 0 ? { Cmd: spec.command } : {}),
    Env: env,
    ...(spec.user ? { User: spec.user } : {}),
    Labels: { ...instanceLabels(instance), [LABELS.server]: spec.name, ...(session ? { [LABELS.session]: session } : {}) },
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    OpenStdin: true,
    StdinOnce: true,
    Tty: false,
    HostConfig: {
      Init: true,
      SecurityOpt: ["no-new-privileges"],
      CapDrop: ["ALL"],
      PidsLimit: limits.pids,
      Memory: limits.memory,
      MemorySwap: limits.memory,
      NanoCpus: Math.round(limits.cpus * 1e9),
      ReadonlyRootfs: spec.readOnlyRootfs,
      Tmpfs: { "/tmp": `rw,noexec,nosuid,nodev,size=${policy.tmpSize}` },
      ...(proxied ? { NetworkMode: egress.network } : noNetwork ? { NetworkMode: "none" } : {}),
      ...(binds.length > 0 ? { Binds: binds } : {}),
      ...(!noNetwork && spec.extraHosts.length > 0 ? { ExtraHosts: spec.extraHosts } : {}),
      AutoRemove: false,
    },
  };
}
