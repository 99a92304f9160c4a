import { readdir, readFile, stat } from "node:fs/promises";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

/** Every file under `root` with its text and mode: compare two to prove nothing changed. */
export async function snapshotTree(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else out[relative(root, path)] = `${((await stat(path)).mode & 0o777).toString(8)} ${await readFile(path, "utf8")}`;
    }
  };
  await walk(root);
  return out;
}

/** A fixture of this repository, by path from its root. */
export function repoFile(path: string): string {
  return fileURLToPath(new URL(`../../${path}`, import.meta.url));
}

/** Docker MCP Gateway's catalog format with every field, from the catalog package's fixtures. */
export const DOCKER_CATALOG = repoFile("packages/catalog/src/fixtures/docker-catalog.yaml");
