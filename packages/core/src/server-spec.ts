import type { SecretValue } from "./secret-value.js";

/**
 * How an upstream server is shared among client sessions:
 * - `shared`: one upstream multiplexed over every session (the default);
 * - `session`: one upstream per client session (servers that call back or keep per-client state);
 * - `call`: a fresh upstream per tool call.
 */
export const SHARING_MODES = ["shared", "session", "call"] as const;

export type Sharing = (typeof SHARING_MODES)[number];

/** A tool as the catalog describes it, known without starting the server. */
export interface ToolMetadata {
  name: string;
  description?: string;
  /** JSON Schema of the arguments, forwarded verbatim. */
  inputSchema: Record<string, unknown>;
  annotations?: Record<string, unknown>;
}

/** Where a resolved server came from: a catalog entry, or an image named on the command line. */
export type SpecSource = CatalogEntrySource | CommandLineSource;

/** A server a catalog defines. */
export interface CatalogEntrySource {
  /** The catalog file that defined the entry. */
  file: string;
  /** The catalog's `name`, when it has one. */
  catalog?: string;
}

/** A server no catalog defines: an image given as a server (`--server IMAGE`, `MCPGW_SERVERS`). */
export interface CommandLineSource {
  /** The value as it was given, e.g. `mcp/everything:latest`. */
  commandLine: string;
}

/** What every resolved server has, whatever runs it. */
export interface ServerSpecBase {
  name: string;
  title?: string;
  description?: string;
  source: SpecSource;
  /** Environment with templates already filled in: plain, non-secret values. */
  env: Record<string, string>;
  /** Environment variables whose values are secrets, by variable name. */
  secretEnv: Record<string, SecretValue>;
  sharing: Sharing;
  /** Kept running when idle (Docker's `longLived`). */
  longLived: boolean;
  /** The part of a tool name that stands for this server when names are prefixed. */
  prefix?: string;
  /** Tools from the catalog, already narrowed by the tool selection; absent when unknown. */
  tools?: ToolMetadata[];
  /** Enabled tool names from `tools.yaml`; `undefined` means all. */
  enabledTools?: string[];
  /**
   * OAuth providers whose current access token the server gets as an environment variable at
   * each start (Docker's `oauth.providers`); container and process servers only.
   */
  oauthEnv?: OAuthEnv[];
  /**
   * Public keys the server's images may be signed with, from its catalog entry's
   * `signatureKeys`; checked (with the gateway's own keys) when signature verification is on.
   */
  signatureKeys?: SignatureKey[];
}

/** A public key that image signatures are checked against: PEM text, and where it came from. */
export interface SignatureKey {
  /** One or more `-----BEGIN PUBLIC KEY-----` blocks. */
  pem: string;
  /** Where the key was given, for errors: a file, a flag, a variable, a catalog entry. */
  source: string;
}

/** One provider of Docker's `oauth.providers` form: whose token goes into which variable. */
export interface OAuthEnv {
  /** The provider; its tokens are the secret `oauth/<provider>` of the local store. */
  provider: string;
  /** The environment variable the access token goes into (over a secret that fills it too). */
  env: string;
  /** The client the catalog pre-registered (`oauth.client`): its secret authenticates refreshes. */
  client?: OAuthClient;
}

/** A client registered with an authorization server beforehand, from the catalog's `oauth.client`. */
export interface OAuthClient {
  id: string;
  secret?: SecretValue;
}

/** Resource limits of one container; unset values fall back to the gateway's. */
export interface ResourceLimits {
  /** CPUs, e.g. 1 or 0.5. */
  cpus?: number;
  /** Memory in bytes. */
  memory?: number;
  /** Processes and threads. */
  pids?: number;
}

/** A server run as a Docker container. */
export interface DockerServerSpec extends ServerSpecBase {
  kind: "docker";
  image: string;
  /** Arguments given to the image's entrypoint. */
  command: string[];
  /** `host:container[:ro|rw]` bind mounts, templates filled in. */
  volumes: string[];
  user?: string;
  disableNetwork: boolean;
  allowHosts: string[];
  extraHosts: string[];
  limits: ResourceLimits;
  /** Root filesystem read-only (with a writable tmpfs `/tmp`); the catalog may opt out. */
  readOnlyRootfs: boolean;
}

/** A server run as a local command (npx, uvx, node, any executable). */
export interface ProcessServerSpec extends ServerSpecBase {
  kind: "process";
  command: string;
  args: string[];
  cwd?: string;
}

/** A server reached over the network. */
export interface RemoteServerSpec extends ServerSpecBase {
  kind: "remote";
  url: string;
  transport: "streamable-http" | "sse";
  /** Header templates; `${NAME}` is filled from `secretEnv` or `env` when connecting. */
  headers: Record<string, string>;
  /** The catalog's `oauth:` block, for a server that needs an OAuth authorization. */
  oauth?: RemoteOAuth;
}

/** How mcpgw authorizes with a remote server, from its catalog entry. */
export interface RemoteOAuth {
  /** The scopes to ask for; default what the server's challenge or metadata names. */
  scopes?: string[];
  /** A client registered with the authorization server beforehand (else one is registered dynamically). */
  client?: OAuthClient;
}

/** The container one tool of a `poci` entry runs per call; templates are filled from the call's arguments. */
export interface ToolContainer {
  image: string;
  /** Arguments for the image's entrypoint; `{{name}}`, `{{name|into}}` and the like take the call's arguments. */
  command: string[];
  /** `host:container[:ro|rw]` bind mounts; may hold argument templates too. */
  volumes: string[];
  user?: string;
}

/**
 * Docker's `poci` entry: tools that are containers, not a server. Each call runs the tool's
 * container once, hardened and limited like a server's; its output and exit status are the result.
 */
export interface ToolContainersSpec extends ServerSpecBase {
  kind: "poci";
  /** Every tool's container, by tool name. */
  containers: Record<string, ToolContainer>;
  disableNetwork: boolean;
  limits: ResourceLimits;
  /** The user let these containers mount the engine's socket (`server enable NAME --allow-engine-socket`). */
  allowEngineSocket: boolean;
}

/** A fully resolved server: everything a connector needs to run or reach it. */
export type ServerSpec = DockerServerSpec | ProcessServerSpec | RemoteServerSpec | ToolContainersSpec;

/** Host paths of the container engine's socket: a container given one controls the engine. */
const ENGINE_SOCKET = /(^|\/)(docker|podman)\.sock$/;

/** The tools of a poci entry whose containers mount the engine's socket, by name. */
export function toolsMountingEngineSocket(containers: Record<string, ToolContainer>): string[] {
  return Object.entries(containers)
    .filter(([, container]) => container.volumes.some(mountsEngineSocket))
    .map(([name]) => name);
}

/** Whether a volume (`host:container[:mode]`) hands the container the engine's socket. */
export function mountsEngineSocket(volume: string): boolean {
  const host = volume.split(":")[0] ?? "";
  return ENGINE_SOCKET.test(host.replace(/\/+$/, ""));
}
