import { definedOnly, ErrorCode, GatewayError, imageRepositoryKey, parseImageReference } from "@mcpgw/core";

/** An image reference taken apart: `registry/repository[:tag][@digest]`. */
export interface ImageReference {
  /** The repository with its registry, e.g. `127.0.0.1:5000/mcp/everything`. */
  name: string;
  tag?: string;
  /** `sha256:…`, when the reference pins one. */
  digest?: string;
}

/**
 * Takes an image reference apart with the engine's grammar (core's `readImageReference`); the
 * name keeps the registry as written. A reference that is not one, such as a digest that is not
 * one (`@latest`), is refused, naming the image.
 * @example readImageReference("127.0.0.1:5000/mcp/x:1@sha256:ab…") // { name: "127.0.0.1:5000/mcp/x", tag: "1", digest: "sha256:ab…" }
 */
export function readImageReference(image: string): ImageReference {
  const parsed = parseImageReference(image);
  if (parsed === undefined) {
    const at = image.indexOf("@");
    const why = at >= 0 ? `"${image.slice(at + 1)}" is not a digest (write repository@sha256:<64 hex digits>)` : "is not an image reference";
    throw new GatewayError(ErrorCode.INVALID_ARGUMENT, `image ${image}: ${why}`);
  }
  const { domain, path, tag, digest } = parsed;
  return { name: domain === undefined ? path : `${domain}/${path}`, ...definedOnly({ tag, digest }) };
}

/**
 * What to pull and inspect: `name@digest` when the reference pins a digest (a tag beside it
 * says nothing more, as with `docker pull`), else the reference as written.
 */
export function exactReference(image: string, reference: ImageReference): string {
  return reference.digest === undefined ? image : `${reference.name}@${reference.digest}`;
}

/**
 * Whether an image the engine holds carries the reference's digest: one of its `RepoDigests`
 * names the same repository and digest. The engine writes Docker Hub's repositories short
 * (`mcp/x`, `ubuntu`), so repositories are compared by their full names.
 */
export function carriesDigest(repoDigests: readonly string[], reference: ImageReference & { digest: string }): boolean {
  const wanted = imageRepositoryKey(reference.name);
  return repoDigests.some((entry) => {
    const at = entry.lastIndexOf("@");
    return at > 0 && entry.slice(at + 1) === reference.digest && imageRepositoryKey(entry.slice(0, at)) === wanted;
  });
}
