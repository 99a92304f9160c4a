// Reaching the Docker engine, and saying clearly how to start one when it is not there.
import Dockerode from "dockerode";
import { ErrorCode, GatewayError, isNodeError } from "@mcpgw/core";

/** The command that starts an engine the way CI and the tests expect it (see REFERENCE.md). */
export const START_ENGINE_COMMAND = "nohup dockerd --bridge=none --iptables=false >/tmp/dockerd.log 2>&1 &";

/** Socket errors that mean no engine answers at that address. */
const UNREACHABLE = new Set(["ENOENT", "ECONNREFUSED", "EACCES", "ECONNRESET", "EPIPE", "ENOTSOCK"]);

/** A client for the engine at DOCKER_HOST, else the default socket. */
export function defaultDocker(): Dockerode {
  return new Dockerode();
}

/** Where a client dials, for messages: its socket path or host:port. */
export function engineAddress(docker: Dockerode): string {
  const modem = docker.modem as { socketPath?: unknown; host?: unknown; port?: unknown };
  if (typeof modem.socketPath === "string") return modem.socketPath;
  if (typeof modem.host === "string") return `${modem.host}:${String(modem.port ?? "")}`;
  // docker-modem looks for ~/.docker/run/docker.sock, then this.
  return "/var/run/docker.sock";
}

/** Whether an error from a Docker call means the engine cannot be reached at all. */
export function isEngineUnreachable(error: unknown): boolean {
  return isNodeError(error) && typeof error.code === "string" && UNREACHABLE.has(error.code) && error.syscall !== undefined;
}

/** The one error for "no engine": the address tried, and how to start one. */
export function engineUnavailable(docker: Dockerode, cause: unknown): GatewayError {
  const address = isNodeError(cause) && "address" in cause && typeof cause.address === "string" ? cause.address : engineAddress(docker);
  const why = isNodeError(cause) ? (cause.code ?? cause.message) : String(cause);
  const suggestion = `Start one (as root) with \`${START_ENGINE_COMMAND}\` and wait for ${address} to appear, or point DOCKER_HOST at a running engine.`;
  // The suggestion is in the message too: test runners print only the message.
  return new GatewayError(ErrorCode.ENGINE_UNAVAILABLE, `Cannot reach the Docker engine at ${address} (${why}). ${suggestion}`, {
    cause,
    data: { address },
    suggestion,
  });
}

/** The engine's view of an image, or undefined when it has none by that reference. */
export async function inspectImage(docker: Dockerode, reference: string): Promise<Dockerode.ImageInspectInfo | undefined> {
  try {
    return await docker.getImage(reference).inspect();
  } catch (error) {
    if ((error as { statusCode?: unknown }).statusCode === 404) return undefined;
    if (isEngineUnreachable(error)) throw engineUnavailable(docker, error);
    throw error;
  }
}
