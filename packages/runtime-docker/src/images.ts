import type { ImagePullEvent, Logger, PullPolicy } from "@mcpgw/core";
import { ErrorCode, GatewayError, PULL_POLICIES } from "@mcpgw/core";
import type Docker from "dockerode";
import type { ImageReference } from "./image-reference.js";
import { carriesDigest, exactReference, readImageReference } from "./image-reference.js";
import type { EnginePullEvent } from "./pull-progress.js";
import { describePull, PullProgress } from "./pull-progress.js";

export interface ImageSourceOptions {
  /** `--pull`: `missing` (default), `always` or `never`. */
  policy?: PullPolicy;
  /** Where `pulling …`, `pulled …` and failures are logged. */
  logger: Logger;
  /** Every step of every pull, for a progress display. */
  onPull?: ((event: ImagePullEvent) => void) | undefined;
}

/** Makes the images a connector runs present, as its pull policy says. */
export interface ImageSource {
  /**
   * Resolves once `image` can run: present (pulled first when the policy says so), and carrying
   * the digest it names, if any. A failure names `owner` (`server "x"`, an interceptor), the
   * image, and the engine's or registry's reason.
   */
  prepare(docker: Docker, image: string, owner: string): Promise<void>;
}

/**
 * The images of one connector, made present as Docker's `docker run --pull` would: `missing`
 * pulls an image the engine does not have; `always` pulls each image once before its first use
 * in the connector's life, even when present; `never` refuses an image that is not present.
 * One pull of an image at a time, whoever asks. An image pinned by digest (`repo@sha256:…`,
 * `repo:tag@sha256:…`) is pulled by that digest, and the engine's image must carry it.
 */
export function createImageSource(options: ImageSourceOptions): ImageSource {
  const policy = options.policy ?? "missing";
  if (!PULL_POLICIES.includes(policy)) {
    throw new GatewayError(ErrorCode.INVALID_ARGUMENT, `the pull policy must be ${PULL_POLICIES.join(", ")} (as Docker's --pull), not ${JSON.stringify(policy)}`);
  }
  const { logger } = options;
  const pulledOnce = new Set<string>();
  const pulls = new Map<string, Promise<void>>();

  // Whoever asks while a pull is under way waits for that pull; each names itself if it fails.
  const pullShared = (docker: Docker, image: string, exact: string, owner: string): Promise<void> => {
    let pull = pulls.get(image);
    if (!pull) {
      pull = pullImage(docker, image, exact, owner, logger, options.onPull).finally(() => pulls.delete(image));
      pulls.set(image, pull);
    }
    return pull.catch((error: unknown) => {
      throw new GatewayError(ErrorCode.IMAGE_UNAVAILABLE, `${owner}: image ${image} ${policy === "always" ? "" : "is not present and "}could not be pulled: ${reason(error)}`, {
        cause: error,
        data: { image, owner },
      });
    });
  };

  return {
    async prepare(docker, image, owner) {
      const reference = readImageReference(image);
      const exact = exactReference(image, reference);
      if (policy === "always" && !pulledOnce.has(image)) {
        await pullShared(docker, image, exact, owner);
        pulledOnce.add(image);
      } else {
        const found = await inspect(docker, exact, owner);
        if (found) return checkDigest(found, image, reference, owner);
        if (policy === "never") {
          throw new GatewayError(ErrorCode.IMAGE_UNAVAILABLE, `${owner}: image ${image} is not present, and --pull never forbids pulling it: pull it (docker pull ${exact}) or use --pull missing`, {
            data: { image, owner },
            suggestion: `docker pull ${exact}`,
          });
        }
        await pullShared(docker, image, exact, owner);
      }
      const pulled = await inspect(docker, exact, owner);
      if (!pulled) throw new GatewayError(ErrorCode.IMAGE_UNAVAILABLE, `${owner}: image ${image} was pulled, but the engine does not have it`, { data: { image, owner } });
      checkDigest(pulled, image, reference, owner);
    },
  };
}

/** The engine's image, or `undefined` when it has none by that reference. */
async function inspect(docker: Docker, reference: string, owner: string): Promise<Docker.ImageInspectInfo | undefined> {
  try {
    return await docker.getImage(reference).inspect();
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return undefined;
    throw new GatewayError(ErrorCode.ENGINE_UNAVAILABLE, `${owner}: the engine failed to inspect image ${reference}: ${reason(error)}`, { cause: error });
  }
}

/** A pinned digest the engine's image does not carry is refused: it is not the image the catalog names. */
export function checkDigest(found: Docker.ImageInspectInfo, image: string, reference: ImageReference, owner: string): void {
  const { digest } = reference;
  if (digest === undefined || carriesDigest(found.RepoDigests ?? [], { ...reference, digest })) return;
  const carried = (found.RepoDigests ?? []).join(", ") || "none";
  throw new GatewayError(ErrorCode.REFUSED, `${owner}: image ${image} does not carry the digest it names (${digest}); the engine's image carries ${carried}`, {
    data: { image, owner, digest, repoDigests: found.RepoDigests ?? [] },
  });
}

/** Pulls `exact` through the engine, telling `onPull` every step and logging its start and end. */
async function pullImage(docker: Docker, image: string, exact: string, owner: string, logger: Logger, onPull?: (event: ImagePullEvent) => void): Promise<void> {
  const began = Date.now();
  const progress = new PullProgress();
  logger.info(`pulling ${image} for ${owner}`);
  onPull?.({ kind: "started", image, owner });
  try {
    const stream = await docker.pull(exact);
    await new Promise<void>((resolve, reject) => {
      docker.modem.followProgress(
        stream,
        (error: Error | null, events: EnginePullEvent[]) => {
          const failed = events?.find((e) => e.error);
          if (error || failed) reject(error ?? new Error(failed?.error));
          else resolve();
        },
        (event: EnginePullEvent) => {
          if (progress.take(event)) onPull?.({ kind: "progress", image, layers: progress.layers });
        },
      );
    });
  } catch (error) {
    // The display first, so that a terminal's bars are gone before the line is logged.
    onPull?.({ kind: "failed", image, reason: reason(error) });
    logger.warn(`could not pull ${image}: ${reason(error)}`);
    throw error;
  }
  const pulled = progress.finished(image, Date.now() - began);
  onPull?.(pulled);
  logger.info(describePull(pulled));
}

/** The engine's or registry's words, without dockerode's `(HTTP code 404) unexpected - ` in front. */
function reason(error: unknown): string {
  const json = (error as { json?: { message?: string } | null }).json;
  const message = json?.message ?? (error as Error).message ?? String(error);
  return message.replace(/^\(HTTP code \d+\) [^-]*- /, "").trim();
}
