// apps/server/Dockerfile built as it is, with Debian's docker 20.10 CLI and BuildKit, FROM the
// node:20-bookworm-slim the engine has (official, or the stand-in ensureBaseImage makes). The tag
// is a hash of what goes into the image, so reruns and other processes find it and build nothing.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type Dockerode from "dockerode";
import { ErrorCode, GatewayError } from "@mcpgw/core";
import { exists, withLock } from "./cache-dir.js";
import { hashStrings } from "./content-hash.js";
import { defaultDocker, engineUnavailable, inspectImage, isEngineUnreachable } from "./engine.js";
import { imageUnavailable } from "./image-unavailable.js";
import { TEST_IMAGE_REPOSITORY } from "./images.js";
import { ensureBaseImage, NODE_BASE_IMAGE } from "./node-base-image.js";
import { npmConfig } from "./npm-package.js";
import { runCommand } from "./run-command.js";
import { describeWorkspacePackage, findWorkspaceRoot } from "./workspace-package.js";

/** The Dockerfile, relative to the workspace root (the build's context). */
export const SERVER_DOCKERFILE = "apps/server/Dockerfile";

/** Where built server images are tagged: `mcpgw-test/server:<hash>`, which removeTestImages cleans. */
export const SERVER_IMAGE_REPOSITORY = `${TEST_IMAGE_REPOSITORY}/server`;

/**
 * The docker CLI that builds: Debian's 20.10 one builds with BuildKit without buildx, which a
 * newer CLI on the PATH wants and Debian does not ship. `MCPGW_DOCKER_CLI` names another.
 */
export const DOCKER_CLI = process.env.MCPGW_DOCKER_CLI || "/usr/bin/docker";

/** The BuildKit secret the Dockerfile's installs trust as extra CA certificates. */
export const NPM_CA_SECRET = "npm-ca";

/** Bumped when the way the image is built changes, so that older images are not reused. */
const RECIPE_VERSION = "server-image/1";

/** Options for {@link ensureServerImage}. */
export interface EnsureServerImageOptions {
  /** The engine to build in; by default the one at DOCKER_HOST or the default socket. */
  docker?: Dockerode;
}

/** What {@link ensureServerImage} found or built. */
export interface EnsuredServerImage {
  /** `mcpgw-test/server:<hash>`. */
  reference: string;
  /** False when the image was there already. */
  built: boolean;
  /** The image's size in bytes, as `docker image inspect -f '{{.Size}}'` says. */
  size: number;
  /** Whether it is built FROM the stand-in base image rather than the official one. */
  standInBase: boolean;
}

/**
 * Makes sure the engine has the image apps/server/Dockerfile builds from this workspace, and
 * returns its reference and size. The tag hashes the base image's id, the Dockerfile and its
 * ignore file, and the server's deployable inputs (its and its workspace dependencies' built
 * files and manifests, the lockfile). Installs inside the build use this machine's npm registry
 * (`npm config get registry`, a build argument of the build stage) and CA bundle (`npm config
 * get cafile`, else NODE_EXTRA_CA_CERTS, as a BuildKit secret), neither of which reaches the
 * image. Cold: the base image (minutes, when a stand-in is made) and a `pnpm install` inside.
 *
 * @throws GatewayError `ENGINE_UNAVAILABLE` when no engine answers; `IMAGE_UNAVAILABLE` when the
 *   base image or the build fails (with the end of the build's output).
 * @example
 * const { reference, size } = await ensureServerImage();
 */
export async function ensureServerImage(options: EnsureServerImageOptions = {}): Promise<EnsuredServerImage> {
  const docker = options.docker ?? defaultDocker();
  const what = `The server image (${SERVER_DOCKERFILE})`;
  const [base, server, root] = await Promise.all([
    ensureBaseImage({ docker }),
    describeWorkspacePackage("apps/server").catch((error: unknown) => {
      throw imageUnavailable(what, "building the workspace failed", error);
    }),
    findWorkspaceRoot(),
  ]);
  const baseImage = await inspectImage(docker, NODE_BASE_IMAGE);
  if (baseImage === undefined) throw imageUnavailable(what, `${NODE_BASE_IMAGE} is gone`, "removed while in use");
  const recipe = await Promise.all([SERVER_DOCKERFILE, `${SERVER_DOCKERFILE}.dockerignore`].map((file) => readFile(join(root, file), "utf8")));
  const tag = hashStrings([RECIPE_VERSION, baseImage.Id, server.inputsHash, ...recipe]).slice(0, 16);
  const reference = `${SERVER_IMAGE_REPOSITORY}:${tag}`;
  const found = (built: boolean, image: Dockerode.ImageInspectInfo): EnsuredServerImage => ({ reference, built, size: image.Size, standInBase: base.standIn });

  const present = await inspectImage(docker, reference);
  if (present !== undefined) return found(false, present);
  return withLock(`image-server-${tag}`, async () => {
    const again = await inspectImage(docker, reference);
    if (again !== undefined) return found(false, again);
    try {
      await buildServerImage(docker, root, reference);
    } catch (error) {
      if (isEngineUnreachable(error)) throw engineUnavailable(docker, error);
      throw imageUnavailable(what, "docker build failed", error);
    }
    const built = await inspectImage(docker, reference);
    if (built === undefined) throw imageUnavailable(what, "docker build succeeded", `but the engine has no ${reference}`);
    return found(true, built);
  });
}

/** `docker build -f apps/server/Dockerfile -t <reference> .` with BuildKit, the host's network, npm's registry and CA. */
async function buildServerImage(docker: Dockerode, root: string, reference: string): Promise<void> {
  if (!(await exists(DOCKER_CLI))) {
    throw new GatewayError(
      ErrorCode.IMAGE_UNAVAILABLE,
      `Building ${SERVER_DOCKERFILE} needs Debian's docker 20.10 CLI at ${DOCKER_CLI}: install the docker.io package (apt-get install docker.io), as .ci/run does, or set MCPGW_DOCKER_CLI to a docker CLI that builds with BuildKit.`,
    );
  }
  const [registry, cafile] = await Promise.all([npmConfig("registry"), npmConfig("cafile")]);
  const ca = cafile ?? process.env.NODE_EXTRA_CA_CERTS;
  // The engine has no bridge network: the build's steps use the host's.
  const args = ["build", "--network", "host", "--progress", "plain", "-f", SERVER_DOCKERFILE, "-t", reference];
  // Named without a value, the argument's value comes from the CLI's environment, not its argv.
  if (registry !== undefined) args.push("--build-arg", "npm_config_registry");
  if (ca !== undefined) args.push("--secret", `id=${NPM_CA_SECRET},src=${ca}`);
  args.push(".");
  await runCommand(DOCKER_CLI, args, {
    cwd: root,
    env: { ...process.env, ...engineHost(docker), DOCKER_BUILDKIT: "1", ...(registry !== undefined ? { npm_config_registry: registry } : {}) },
  });
}

/** DOCKER_HOST for the CLI, so that it builds in the engine `docker` talks to. */
function engineHost(docker: Dockerode): { DOCKER_HOST?: string } {
  const modem = docker.modem as { socketPath?: unknown; host?: unknown; port?: unknown; protocol?: unknown };
  if (typeof modem.socketPath === "string") return { DOCKER_HOST: `unix://${modem.socketPath}` };
  if (typeof modem.host === "string") return { DOCKER_HOST: `tcp://${modem.host}:${String(modem.port ?? 2375)}` };
  return {};
}
