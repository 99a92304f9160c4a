// A package of this workspace as a self-contained folder: built, then `pnpm deploy`ed with its
// production dependencies into the cache.
import { copyFile, lstat, readdir, readFile, realpath, rename, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildDir, cacheRoot, exists, withLock } from "./cache-dir.js";
import { hashStrings, hashTree } from "./content-hash.js";
import { pnpmCommand, runCommand } from "./run-command.js";

interface Manifest {
  name: string;
  files?: string[];
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
}

/** One workspace package: its folder and manifest. */
interface WorkspacePackage {
  dir: string;
  manifest: Manifest;
}

/** The workspace's root folder: the nearest one above this file with a pnpm-workspace.yaml. */
export async function findWorkspaceRoot(from = dirname(fileURLToPath(import.meta.url))): Promise<string> {
  for (let dir = from; ; dir = dirname(dir)) {
    if (await exists(join(dir, "pnpm-workspace.yaml"))) return dir;
    if (dirname(dir) === dir) throw new Error(`no pnpm-workspace.yaml above ${from}`);
  }
}

/** A workspace package as it would be deployed, described by a hash of its inputs. */
export interface DeployablePackage {
  name: string;
  /** Hash of the files the deploy copies (built output, manifests) and of the lockfile. */
  inputsHash: string;
  /** Deploys the package into the cache (once) and returns the folder holding it as `app/`. */
  deploy(): Promise<string>;
}

/**
 * Builds the workspace package in `folder` (relative to the workspace root, such as
 * `packages/example-servers` or `apps/server`) and the workspace packages it depends on, when
 * their `dist/` is missing or older than `src/`, and describes its deploy.
 */
export async function describeWorkspacePackage(folder: string): Promise<DeployablePackage> {
  const root = await findWorkspaceRoot();
  const dir = join(root, folder);
  const packages = await dependencyClosure(dir);
  const name = packages[0]!.manifest.name;
  if ((await Promise.all(packages.map(needsBuild))).some(Boolean)) {
    await withLock(`build-${name}`, async () => {
      if (!(await Promise.all(packages.map(needsBuild))).some(Boolean)) return;
      const pnpm = pnpmCommand();
      await runCommand(pnpm.file, [...pnpm.args, "--filter", `${name}...`, "run", "build"], { cwd: root });
    });
  }

  const parts = ["workspace-package/1"];
  for (const file of ["pnpm-lock.yaml", "pnpm-workspace.yaml"]) parts.push(file, await readFile(join(root, file), "utf8"));
  for (const pkg of packages) {
    parts.push(pkg.manifest.name, await readFile(join(pkg.dir, "package.json"), "utf8"));
    for (const entry of pkg.manifest.files ?? []) {
      const path = join(pkg.dir, entry);
      if (!(await exists(path))) continue;
      parts.push(entry, (await stat(path)).isDirectory() ? await hashTree(path) : hashStrings([await readFile(path, "utf8")]));
    }
  }
  const inputsHash = hashStrings(parts);
  return { name, inputsHash, deploy: () => deploy(root, name, inputsHash) };
}

/** The package in `dir` and, transitively, the workspace packages among its dependencies. */
async function dependencyClosure(dir: string): Promise<WorkspacePackage[]> {
  const seen = new Map<string, WorkspacePackage>();
  async function visit(pkgDir: string): Promise<void> {
    const real = await realpath(pkgDir);
    if (seen.has(real)) return;
    const manifest = JSON.parse(await readFile(join(real, "package.json"), "utf8")) as Manifest;
    seen.set(real, { dir: real, manifest });
    for (const [dep, spec] of Object.entries(manifest.dependencies ?? {})) {
      // pnpm links workspace dependencies into node_modules, which finds their folders.
      if (spec.startsWith("workspace:")) await visit(join(real, "node_modules", dep));
    }
  }
  await visit(dir);
  return [...seen.values()];
}

/** Whether a package with a build script has no `dist/`, or one older than its `src/`. */
async function needsBuild(pkg: WorkspacePackage): Promise<boolean> {
  if (pkg.manifest.scripts?.build === undefined) return false;
  const built = await newestMtime(join(pkg.dir, "dist"));
  return built === undefined || (await newestMtime(join(pkg.dir, "src")) ?? 0) > built;
}

async function newestMtime(dir: string): Promise<number | undefined> {
  if (!(await exists(dir))) return undefined;
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, (await stat(join(entry.parentPath, entry.name))).mtimeMs);
  }
  return newest;
}

async function deploy(root: string, name: string, inputsHash: string): Promise<string> {
  const key = `deploy-${name.replace(/^@/, "").replace("/", "+")}-${inputsHash.slice(0, 16)}`;
  const target = join(cacheRoot(), key);
  if (await exists(target)) return target;
  return withLock(key, async () => {
    if (await exists(target)) return target;
    await buildDir("deploy", target, async (scratch) => {
      const pnpm = pnpmCommand();
      // --legacy: pnpm 10 deploys with injected workspace packages only when the workspace
      // sets inject-workspace-packages, which this one does not.
      await runCommand(
        pnpm.file,
        [...pnpm.args, "--filter", name, "deploy", "--legacy", "--prod", "--package-import-method=copy", join(scratch, "app")],
        { cwd: root },
      );
      await breakHardLinks(join(scratch, "app"));
    });
    return target;
  });
}

/**
 * Gives every hard-linked file in a tree its own copy. pnpm deploy hard-links the files of
 * workspace dependencies (their dist/) to the workspace's, and a rebuild there rewrites those
 * in place, which would change a cached deploy behind its hash.
 */
async function breakHardLinks(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    if ((await lstat(path)).nlink < 2) continue;
    await copyFile(path, `${path}.copy`);
    await rename(`${path}.copy`, path);
  }
}
