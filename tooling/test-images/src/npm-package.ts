// The files of an npm package with its dependencies, installed once per version into the cache.
import { readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildDir, cacheRoot, exists, withLock } from "./cache-dir.js";
import { hashTree } from "./content-hash.js";
import { CommandFailedError, runCommand } from "./run-command.js";

/** An npm package installed in the cache: `<root>/app/node_modules/<name>`. */
export interface InstalledNpmPackage {
  /** The folder whose `app/` subfolder becomes the image's /app. */
  root: string;
  /** Hash of everything installed, dependencies included. */
  contentHash: string;
  /** The package's manifest. */
  manifest: { name: string; version: string; bin?: string | Record<string, string> };
}

/** Written next to a finished install; its absence means the install is not done. */
const CONTENT_HASH_FILE = "content-hash";

/**
 * Installs `name@version` with its dependencies into the cache, unless it is there already.
 * The install is from the npm registry, so the first call needs network.
 */
export async function installNpmPackage(name: string, version: string): Promise<InstalledNpmPackage> {
  const key = `npm-${name.replace("/", "+")}@${version}`;
  const root = join(cacheRoot(), key);
  const installed = await readInstalled(root, name);
  if (installed !== undefined) return installed;
  return withLock(key, async () => {
    const again = await readInstalled(root, name);
    if (again !== undefined) return again;
    await buildDir("npm", root, async (scratch) => {
      // Run from the scratch folder: npm would otherwise read the .npmrc of whatever project
      // the caller is in.
      await runCommand(
        "npm",
        ["install", "--no-save", "--no-package-lock", "--no-audit", "--no-fund", "--loglevel=error", "--prefix", join(scratch, "app"), `${name}@${version}`],
        { cwd: scratch },
      ).catch((error: unknown) => {
        const why = error instanceof CommandFailedError ? npmErrorSummary(error.output) : String(error);
        throw new Error(`npm install ${name}@${version} failed: ${why}`, { cause: error });
      });
      await writeFile(join(scratch, CONTENT_HASH_FILE), await hashTree(join(scratch, "app")));
    });
    const done = await readInstalled(root, name);
    if (done === undefined) throw new Error(`npm installed ${name}@${version} but ${root} is incomplete`);
    return done;
  });
}

async function readInstalled(root: string, name: string): Promise<InstalledNpmPackage | undefined> {
  if (!(await exists(join(root, CONTENT_HASH_FILE)))) return undefined;
  const contentHash = (await readFile(join(root, CONTENT_HASH_FILE), "utf8")).trim();
  const manifest = JSON.parse(await readFile(join(root, "app/node_modules", name, "package.json"), "utf8")) as InstalledNpmPackage["manifest"];
  return { root, contentHash, manifest };
}

/** The path, relative to the package folder, of the package's bin named `bin` (or its only one). */
export function binPath(manifest: InstalledNpmPackage["manifest"], bin: string): string {
  const path = typeof manifest.bin === "string" ? manifest.bin : manifest.bin?.[bin];
  if (path === undefined) throw new Error(`${manifest.name}@${manifest.version} has no bin named ${bin}`);
  return path.replace(/^\.\//, "");
}

/** npm's error output without its stack trace and log-file pointer: the lines that say why. */
export function npmErrorSummary(output: string): string {
  const lines = output
    .split("\n")
    .map((line) => line.trimEnd())
    .filter((line) => line.replace(/^npm (error|ERR!)/, "").trim() !== "")
    .filter((line) => !/^npm (error|ERR!)\s+(at |A complete log)/.test(line) && !/^npm (error|ERR!)\s+[}{]?\s*$/.test(line));
  return lines.slice(0, 6).join("\n");
}

/** A value of this machine's npm config (`npm config get KEY`), or undefined when unset. */
export async function npmConfig(key: string): Promise<string | undefined> {
  // From the OS temp folder: a project's .npmrc is not the machine's config.
  const value = (await runCommand("npm", ["config", "get", key], { cwd: tmpdir() })).stdout.trim();
  return value === "" || value === "null" || value === "undefined" ? undefined : value;
}
