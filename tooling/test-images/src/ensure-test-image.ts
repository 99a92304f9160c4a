// Building test images on demand, tagged by content so that every process reuses them.
import type Dockerode from "dockerode";
import { ErrorCode, GatewayError } from "@mcpgw/core";
import { baseEntries, describeBaseRootfs } from "./base-rootfs.js";
import { withLock } from "./cache-dir.js";
import { hashStrings } from "./content-hash.js";
import { defaultDocker, engineUnavailable, inspectImage, isEngineUnreachable } from "./engine.js";
import { imageUnavailable } from "./image-unavailable.js";
import { importRootfs, type RootfsSource } from "./import-rootfs.js";
import { planImage, TEST_IMAGE_LABEL, TEST_IMAGE_NAMES, TEST_IMAGE_REPOSITORY, type TestImageName } from "./images.js";

/** Options for {@link ensureTestImage}. */
export interface EnsureTestImageOptions {
  /** The engine to build in; by default the one at DOCKER_HOST or the default socket. */
  docker?: Dockerode;
}

/** Options for {@link removeTestImages}. */
export interface RemoveTestImagesOptions {
  /** The engine to clean; by default the one at DOCKER_HOST or the default socket. */
  docker?: Dockerode;
}

/** What {@link ensureTestImageDetailed} did. */
export interface EnsuredTestImage {
  reference: string;
  /** False when the image was there already. */
  built: boolean;
}

/** Bumped when the way images are assembled changes, so that older images are not reused. */
const RECIPE_VERSION = "test-image/1";

/**
 * Makes sure the named test image exists in the engine and returns its reference, such as
 * `mcpgw-test/everything:3f2a…`. The tag is a hash of the image's inputs (node binary and
 * libraries, the server's files, entrypoint), so later calls, from any process, find the image
 * and cost one inspect; concurrent callers build it once.
 *
 * @throws GatewayError `ENGINE_UNAVAILABLE` when no engine answers; `IMAGE_UNAVAILABLE` when the
 *   image's files (npm install, workspace build or deploy) or its import fail.
 * @example
 * const image = await ensureTestImage("everything");
 * await docker.createContainer({ Image: image, OpenStdin: true, HostConfig: { NetworkMode: "none" } });
 */
export async function ensureTestImage(name: TestImageName, options: EnsureTestImageOptions = {}): Promise<string> {
  return (await ensureTestImageDetailed(name, options)).reference;
}

/** {@link ensureTestImage}, also saying whether the image had to be built. */
export async function ensureTestImageDetailed(name: TestImageName, options: EnsureTestImageOptions = {}): Promise<EnsuredTestImage> {
  if (!(TEST_IMAGE_NAMES as readonly string[]).includes(name)) {
    throw new GatewayError(ErrorCode.INVALID_ARGUMENT, `No test image named "${name}"; there are: ${TEST_IMAGE_NAMES.join(", ")}.`);
  }
  const docker = options.docker ?? defaultDocker();
  // The ping fails fast without an engine, before a long npm install or build.
  const [, base, plan] = await Promise.all([
    docker.ping().catch((error: unknown) => {
      throw isEngineUnreachable(error) ? engineUnavailable(docker, error) : imageUnavailable(`Test image "${name}"`, "the engine refused a ping", error);
    }),
    describeBaseRootfs().catch((error: unknown) => {
      throw imageUnavailable(`Test image "${name}"`, "describing the host's node binary failed", error);
    }),
    planImage(name).catch((error: unknown) => {
      throw imageUnavailable(`Test image "${name}"`, "preparing its files failed", error);
    }),
  ]);
  const tag = hashStrings([RECIPE_VERSION, base.hash, plan.filesHash, ...plan.changes]).slice(0, 16);
  const reference = `${TEST_IMAGE_REPOSITORY}/${name}:${tag}`;
  if ((await inspectImage(docker, reference)) !== undefined) return { reference, built: false };

  return withLock(`image-${name}-${tag}`, async () => {
    if ((await inspectImage(docker, reference)) !== undefined) return { reference, built: false };
    try {
      const baseDir = await base.stage();
      const sources: RootfsSource[] = [{ dir: baseDir, entries: await baseEntries(baseDir) }];
      if (plan.appRoot) sources.push({ dir: await plan.appRoot(), entries: ["app"] });
      await importRootfs(docker, { reference, sources, changes: plan.changes });
    } catch (error) {
      if (isEngineUnreachable(error)) throw engineUnavailable(docker, error);
      throw imageUnavailable(`Test image "${name}"`, "building it failed", error);
    }
    return { reference, built: true };
  });
}

/**
 * Removes every test image (`mcpgw-test/*`, and untagged leftovers of interrupted builds) from
 * the engine, even when containers still use them; for cleanup scripts. Returns the removed
 * images' references (an id for an untagged one).
 */
export async function removeTestImages(options: RemoveTestImagesOptions = {}): Promise<string[]> {
  const docker = options.docker ?? defaultDocker();
  try {
    const lists = await Promise.all([
      docker.listImages({ all: true, filters: JSON.stringify({ label: [TEST_IMAGE_LABEL] }) }),
      docker.listImages({ filters: JSON.stringify({ reference: [`${TEST_IMAGE_REPOSITORY}/*`] }) }),
    ]);
    const images = new Map(lists.flat().map((image) => [image.Id, image]));
    const removed: string[] = [];
    for (const image of images.values()) {
      await docker.getImage(image.Id).remove({ force: true });
      const tags = (image.RepoTags ?? []).filter((tag) => tag !== "<none>:<none>");
      removed.push(...(tags.length > 0 ? tags : [image.Id]));
    }
    return removed;
  } catch (error) {
    if (isEngineUnreachable(error)) throw engineUnavailable(docker, error);
    throw error;
  }
}

