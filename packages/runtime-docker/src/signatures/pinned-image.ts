// Where an image pinned to a digest lives: the registry's API and the repository in it.
import { imageRepositoryKey, parseImageReference } from "@mcpgw/core";

/** The API host of Docker Hub, which repository keys name `docker.io`. */
const DOCKER_HUB_REGISTRY = "registry-1.docker.io";

/** A repository of a registry, as the distribution API addresses it. */
export interface RegistryRepository {
  /** The registry's host (and port) as the API is reached, e.g. `127.0.0.1:5000`. */
  registry: string;
  /** `http://…` for loopback registries (as the engine allows), `https://…` for any other. */
  baseUrl: string;
  /** The repository's path in the registry, `library/` added for Docker Hub's bare names. */
  path: string;
  /** The repository however Docker Hub is spelt: what a signature's docker-reference must name. */
  key: string;
}

/** An image pinned to a digest. */
export interface PinnedImage extends RegistryRepository {
  /** The reference as it was given. */
  image: string;
  /** `sha256:<64 hex>`. */
  digest: string;
}

/** Why an image cannot be verified as it is written. */
export type UnpinnedReason = "not-a-reference" | "no-digest" | "not-sha256";

/** The image's registry, repository and digest; the reason when it names no sha256 digest. */
export function pinnedImage(image: string): PinnedImage | { unpinned: UnpinnedReason } {
  const reference = parseImageReference(image);
  if (!reference) return { unpinned: "not-a-reference" };
  if (reference.digest === undefined) return { unpinned: "no-digest" };
  const digest = reference.digest.toLowerCase();
  if (!/^sha256:[0-9a-f]{64}$/.test(digest)) return { unpinned: "not-sha256" };
  // The key is `<registry>/<path>`, Docker Hub's spellings made `docker.io` and its bare names `library/…`.
  const key = imageRepositoryKey(image);
  const slash = key.indexOf("/");
  const named = key.slice(0, slash);
  const registry = named === "docker.io" ? DOCKER_HUB_REGISTRY : named;
  return { image, digest, registry, baseUrl: `${isLoopback(registry) ? "http" : "https"}://${registry}`, path: key.slice(slash + 1), key };
}

/** A loopback registry (`localhost`, `127.x.x.x`, `[::1]`, with any port): the engine reaches those over plain HTTP. */
function isLoopback(registry: string): boolean {
  const host = registry.startsWith("[") ? registry.slice(0, registry.indexOf("]") + 1) : registry.split(":")[0]!;
  return host === "localhost" || host === "[::1]" || /^127(?:\.\d{1,3}){3}$/.test(host);
}
