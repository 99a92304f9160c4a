import { ErrorCode, GatewayError } from "@mcpgw/core";
import type Docker from "dockerode";
import { deferUnusedDockerodeModules } from "./deferred-modules.js";

/** Where the engine is, for messages: DOCKER_HOST or the default socket. */
export function engineAddress(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOCKER_HOST ?? "/var/run/docker.sock";
}

/**
 * A client of the engine named by DOCKER_HOST, else the local socket. dockerode loads on first
 * use, so gateways without Docker servers never pay for it, and without the parts it would load
 * for BuildKit and SSH engines until they are used (deferred-modules.ts).
 */
export async function createDockerClient(): Promise<Docker> {
  deferUnusedDockerodeModules();
  const { default: Dockerode } = await import("dockerode");
  return new Dockerode();
}

/**
 * Checks that the engine answers; the one clear error for every Docker server when it does not.
 * Process and remote servers never ask, so they keep working without an engine.
 */
export async function assertEngine(docker: Docker): Promise<void> {
  try {
    await docker.ping();
  } catch (error) {
    throw new GatewayError(ErrorCode.ENGINE_UNAVAILABLE, `the Docker engine at ${engineAddress()} does not answer: ${(error as Error).message}`, {
      cause: error,
      suggestion: "start Docker (or dockerd), or set DOCKER_HOST; servers of type process and remote work without it",
    });
  }
}
