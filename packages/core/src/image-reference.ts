// Image references as the engine reads them (distribution/reference), shared by the config
// plane (images given as servers) and the Docker runtime (pulls, signatures).

/** An image reference, split the way the engine reads it. */
export interface ImageReference {
  /** The registry host (and port), when the reference names one. */
  domain?: string;
  /** The repository's path, e.g. `namespace/repository`. */
  path: string;
  tag?: string;
  digest?: string;
}

// Docker's reference grammar (distribution/reference): lowercase path components joined by
// `/`, an optional `:tag` and an optional `@algorithm:hex` digest.
const COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
const PATH = new RegExp(`^${COMPONENT}(?:/${COMPONENT})*$`);
const TAG = /^\w[\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[0-9a-fA-F]{32,}$/;
/** How references name Docker Hub: `docker.io` (what a key says), its old name, and its API host. */
const DOCKER_HUB_NAMES = ["docker.io", "index.docker.io", "registry-1.docker.io"];
const DOMAIN = /^(?:localhost|[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:]+\])(?::\d+)?$/;

/**
 * Parses an image reference (`repository`, `namespace/repository:tag`, `registry:5000/a/b`,
 * `name@sha256:…`); undefined when it is not one. The first part is a registry only when it has
 * a `.` or `:` or is `localhost`, as the engine decides.
 */
export function parseImageReference(value: string): ImageReference | undefined {
  let rest = value;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return undefined;
  }
  let domain: string | undefined;
  const slash = rest.indexOf("/");
  const first = slash >= 0 ? rest.slice(0, slash) : "";
  if (slash >= 0 && (first.includes(".") || first.includes(":") || first === "localhost" || first !== first.toLowerCase())) {
    domain = first;
    rest = rest.slice(slash + 1);
    if (!DOMAIN.test(domain)) return undefined;
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(":");
  if (colon >= 0) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return undefined;
  }
  if (!PATH.test(rest) || (domain ? domain.length + 1 : 0) + rest.length > 255) return undefined;
  return { ...(domain === undefined ? {} : { domain }), path: rest, ...(tag === undefined ? {} : { tag }), ...(digest === undefined ? {} : { digest }) };
}

/**
 * An image's repository, the same whatever its tag or digest and however Docker Hub is spelt
 * (`alpine:3` and `docker.io/library/alpine` are both `docker.io/library/alpine`).
 */
export function imageRepositoryKey(image: string): string {
  const reference = parseImageReference(image);
  if (!reference) return image.split("@")[0]!.replace(/:[^/:]*$/, "").toLowerCase();
  const domain = reference.domain?.toLowerCase();
  const hub = domain === undefined || DOCKER_HUB_NAMES.includes(domain);
  const path = hub && !reference.path.includes("/") ? `library/${reference.path}` : reference.path;
  return `${hub ? "docker.io" : domain}/${path}`;
}
