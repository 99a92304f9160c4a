// `--server IMAGE`: an image given where a server's name goes runs as a server of its own, with
// no catalog entry (Docker's "standalone dockerized MCP server").
import type { DockerServerSpec } from "@mcpgw/core";
import { ErrorCode, GatewayError, parseImageReference } from "@mcpgw/core";

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
