// Empty folders an image needs besides its files (a volume's mount point, a secrets folder),
// staged once per set in the cache like the base rootfs.
import { chmod, mkdir, readdir } from "node:fs/promises";
import { join } from "node:path";
import { buildDir, cacheRoot, exists, withLock } from "./cache-dir.js";
import { hashStrings } from "./content-hash.js";
import type { RootfsSource } from "./import-rootfs.js";

/** Empty folders by path in the image, without the leading `/` (`run/secrets`), with their modes. */
export type EmptyDirs = Readonly<Record<string, number>>;

/** The folders as sorted `path mode` lines: what image tags hash. */
export function describeEmptyDirs(dirs: EmptyDirs): string[] {
  return Object.entries(dirs)
    .map(([path, mode]) => `${path} ${mode.toString(8)}`)
    .sort();
}

/**
 * Makes the folders in the cache (once per set) and returns them as a rootfs source. Parents
 * that are not listed get the usual 0755 once imported (the import adds `a+rX`).
 */
export async function stageEmptyDirs(dirs: EmptyDirs): Promise<RootfsSource> {
  for (const path of Object.keys(dirs)) {
    if (path === "" || path.startsWith("/") || path.split("/").some((part) => part === ".." || part === "." || part === "")) {
      throw new Error(`empty folder ${JSON.stringify(path)} must be a relative path without . or .. parts`);
    }
  }
  const key = `dirs-${hashStrings(["empty-dirs/1", ...describeEmptyDirs(dirs)]).slice(0, 16)}`;
  const target = join(cacheRoot(), key);
  if (!(await exists(target))) {
    await withLock(key, async () => {
      if (await exists(target)) return;
      await buildDir("dirs", target, async (scratch) => {
        for (const path of Object.keys(dirs)) await mkdir(join(scratch, path), { recursive: true });
        // After every mkdir: a listed folder may be the parent of another, made with the umask's mode.
        for (const [path, mode] of Object.entries(dirs)) await chmod(join(scratch, path), mode);
      });
    });
  }
  return { dir: target, entries: (await readdir(target)).sort() };
}
