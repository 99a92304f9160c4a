import { ErrorCode, GatewayError } from "@mcpgw/core";

/** An image reference taken apart: `registry/repository[:tag][@digest]`. */
export interface ImageReference {
  /** The repository with its registry, e.g. `127.0.0.1:5000/mcp/everything`. */
  name: string;
  tag?: string;
  /** `sha256:…`, when the reference pins one. */
  digest?: string;
}

/** A digest as references carry them: an algorithm and its hex (Docker's `digest.Digest`). */
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-f0-9]{32,}$/;

/**
 * Takes an image reference apart. A port's colon is not a tag's. A digest that is not one
 * (`@latest`) is refused, naming the image.
 * @example parseImageReference("127.0.0.1:5000/mcp/x:1@sha256:ab…") // { name: "127.0.0.1:5000/mcp/x", tag: "1", digest: "sha256:ab…" }
 */
export function parseImageReference(image: string): ImageReference {
  const at = image.indexOf("@");
  const named = at < 0 ? image : image.slice(0, at);
  const digest = at < 0 ? undefined : image.slice(at + 1);
  if (digest !== undefined && !DIGEST.test(digest)) {
    throw new GatewayError(ErrorCode.INVALID_ARGUMENT, `image ${image}: "${digest}" is not a digest (write repository@sha256:<64 hex digits>)`);
  }
  const slash = named.lastIndexOf("/");
  const colon = named.lastIndexOf(":");
  const tagged = colon > slash;
  return {
    name: tagged ? named.slice(0, colon) : named,
    ...(tagged ? { tag: named.slice(colon + 1) } : {}),
    ...(digest !== undefined ? { digest } : {}),
  };
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
 * (`mcp/x`, `ubuntu`), so both sides are compared that way.
 */
export function carriesDigest(repoDigests: readonly string[], reference: ImageReference & { digest: string }): boolean {
  const wanted = shortName(reference.name);
  return repoDigests.some((entry) => {
    const at = entry.lastIndexOf("@");
    return at > 0 && entry.slice(at + 1) === reference.digest && shortName(entry.slice(0, at)) === wanted;
  });
}

/** Docker Hub's repositories as the engine writes them: no `docker.io/`, no `library/`. */
function shortName(name: string): string {
  return name.replace(/^(?:docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, "").replace(/^library\/(?=[^/]+$)/, "");
}
