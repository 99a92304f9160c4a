// `--server IMAGE`: an image given where a server's name goes runs as a server of its own, with
// no catalog entry (Docker's "standalone dockerized MCP server").
import type { DockerServerSpec } from "@mcpgw/core";
import { ErrorCode, GatewayError } from "@mcpgw/core";

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
const DOMAIN = /^(?:localhost|[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:]+\])(?::\d+)?$/;

/**
 * Whether a `--server` value that no catalog has is meant as an image: it has a `/`, `:` or `@`,
 * none of which a server's name may hold (names are letters, digits, `_`, `.`, `-`). So a value
 * is a catalog server when a catalog has it, an image when it has one of these, and otherwise an
 * unknown name.
 */
export function isImageLike(value: string): boolean {
  return /[/:@]/.test(value);
}

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
 * The server names of the images among `values`: the last part of each repository's path
 * (`mcp/everything:latest` → `everything`), with `-2`, `-3`… where that is taken by a server in
 * `taken` or an earlier image. The same image given twice is one server.
 */
export function imageServerNames(images: readonly string[], taken: Iterable<string>): Map<string, string> {
  const used = new Set(taken);
  const names = new Map<string, string>();
  for (const image of images) {
    if (names.has(image)) continue;
    const path = parseImageReference(image)?.path ?? image;
    const base = path.slice(path.lastIndexOf("/") + 1);
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${base}-${n}`;
    used.add(name);
    names.set(image, name);
  }
  return names;
}

/**
 * The server an image given on the command line runs as: a container hardened and limited like
 * every other (read-only root, the gateway's limits), with no config and no secrets, shared, its
 * tools unknown until it lists them.
 * @throws GatewayError `INVALID_ARGUMENT` when `image` is not an image reference.
 */
export function imageServerSpec(name: string, image: string): DockerServerSpec {
  if (!parseImageReference(image)) {
    throw new GatewayError(ErrorCode.INVALID_ARGUMENT, `"${image}" is neither a server of the catalogs nor an image reference`, {
      suggestion: "an image is written like namespace/repository:tag, registry:5000/repository or repository@sha256:<digest>, its path in lowercase",
    });
  }
  return {
    kind: "docker",
    name,
    source: { commandLine: image },
    env: {},
    secretEnv: {},
    sharing: "shared",
    longLived: false,
    image,
    command: [],
    volumes: [],
    disableNetwork: false,
    allowHosts: [],
    extraHosts: [],
    limits: {},
    readOnlyRootfs: true,
  };
}
