// An image the engine must really pull: a test image plus one layer of random bytes, pushed to a
// registry and removed from the engine again. The engine keeps the test image's layers, so the
// pull downloads the new layer only: a pull with progress, bytes and a layer already present.
import { randomBytes } from "node:crypto";
import type Dockerode from "dockerode";
import type { PushedImage } from "./registry.js";
import { pushImage } from "./registry.js";

/** Options for {@link pushFreshImage}. */
export interface PushFreshImageOptions {
  /** Size of the random layer; 4 MiB by default, enough for the engine to report download progress. */
  layerBytes?: number;
}

/**
 * Pushes `source` (a local image, such as a test image) with one more layer of random bytes to
 * `target` in a registry, then removes `target` from the engine, so that running it takes a
 * pull that downloads that layer. `source` itself is left as it was. Remove `target` after the
 * test (`docker.getImage(target).remove()`), once it was pulled.
 *
 * @example
 * const image = await ensureTestImage("everything");
 * const { reference, digest } = await pushFreshImage(docker, image, `${registry.host}/mcp/everything:1`);
 */
export async function pushFreshImage(docker: Dockerode, source: string, target: string, options: PushFreshImageOptions = {}): Promise<PushedImage> {
  const container = await docker.createContainer({ Image: source, HostConfig: { NetworkMode: "none" } });
  let committed: string;
  try {
    await container.putArchive(singleFileTar("fresh-layer", randomBytes(options.layerBytes ?? 4 * 1024 * 1024)), { path: "/" });
    ({ Id: committed } = (await container.commit()) as { Id: string });
  } finally {
    await container.remove({ force: true });
  }
  try {
    return await pushImage(docker, committed, target);
  } finally {
    // Untagged, the committed image has no name left and goes, its new layer with it.
    await docker.getImage(target).remove().catch(() => undefined);
    await docker.getImage(committed).remove().catch(() => undefined);
  }
}

/** A tar archive (ustar) of one regular file: what the engine's archive endpoint takes. */
function singleFileTar(name: string, content: Buffer): Buffer {
  const header = Buffer.alloc(512);
  const field = (offset: number, length: number, value: string) => header.write(value, offset, length, "ascii");
  const octal = (value: number, length: number) => value.toString(8).padStart(length - 1, "0");
  field(0, 100, name);
  field(100, 8, octal(0o644, 8));
  field(108, 8, octal(0, 8));
  field(116, 8, octal(0, 8));
  field(124, 12, octal(content.length, 12));
  field(136, 12, octal(Math.floor(Date.now() / 1000), 12));
  field(148, 8, " ".repeat(8));
  field(156, 1, "0");
  field(257, 6, "ustar");
  field(263, 2, "00");
  const checksum = header.reduce((sum, byte) => sum + byte, 0);
  field(148, 8, `${octal(checksum, 7)}\0`);
  const padding = Buffer.alloc((512 - (content.length % 512)) % 512);
  return Buffer.concat([header, content, padding, Buffer.alloc(1024)]);
}
