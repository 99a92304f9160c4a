// Image tags are content hashes: equal inputs give equal tags on every machine and process.
import { createHash } from "node:crypto";
import { readdir, readFile, readlink, stat } from "node:fs/promises";
import { join } from "node:path";

/** The sha256 of some strings, each ended by a NUL so that ["ab", "c"] and ["a", "bc"] differ. */
export function hashStrings(parts: readonly string[]): string {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part).update("\0");
  return hash.digest("hex");
}

/**
 * The sha256 of a folder's tree: every entry's path relative to `root`, kind, executable bit,
 * and contents (a symlink's target). Entries are visited in sorted order.
 */
export async function hashTree(root: string): Promise<string> {
  const hash = createHash("sha256");
  async function visit(relative: string): Promise<void> {
    const entries = await readdir(join(root, relative), { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      const full = join(root, path);
      if (entry.isDirectory()) {
        hash.update(`d ${path}\0`);
        await visit(path);
      } else if (entry.isSymbolicLink()) {
        hash.update(`l ${path} ${await readlink(full)}\0`);
      } else if (entry.isFile()) {
        const executable = ((await stat(full)).mode & 0o111) !== 0;
        hash.update(`f ${path} ${executable ? "x" : "-"}\0`).update(await readFile(full)).update("\0");
      }
    }
  }
  await visit("");
  return hash.digest("hex");
}
