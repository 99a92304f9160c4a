// Built trees (the base rootfs, npm installs, deploys) are cached under the OS temp folder and
// shared by every process. Trees are made in a scratch folder and renamed into place, so a
// reader never sees half of one; locks only keep two processes from doing the same work.
import { mkdir, mkdtemp, open, readFile, rename, rm, stat, unlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { isNodeError } from "@mcpgw/core";

/** The cache folder: `$MCPGW_TEST_IMAGES_CACHE`, else `mcpgw-test-images` in the OS temp folder. */
export function cacheRoot(): string {
  return process.env.MCPGW_TEST_IMAGES_CACHE || join(tmpdir(), "mcpgw-test-images");
}

/** A new, empty, private folder in the cache, for a tree that is later published. */
export async function scratchDir(prefix: string): Promise<string> {
  await mkdir(cacheRoot(), { recursive: true });
  return mkdtemp(join(cacheRoot(), `.scratch-${prefix}-`));
}

/** Whether a path exists. */
export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if (isNodeError(error) && error.code === "ENOENT") return false;
    throw error;
  }
}

/**
 * Moves a finished scratch folder to its final place. When another process published the same
 * tree first, theirs is kept and ours deleted: both are made from the same inputs.
 */
export async function publishDir(scratch: string, target: string): Promise<void> {
  try {
    await rename(scratch, target);
  } catch (error) {
    if (!(isNodeError(error) && (error.code === "ENOTEMPTY" || error.code === "EEXIST"))) throw error;
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * Makes a tree in a new scratch folder with `fill` and publishes it at `target`; the scratch
 * folder is removed when `fill` fails, so a failed build leaves nothing behind.
 */
export async function buildDir(prefix: string, target: string, fill: (scratch: string) => Promise<void>): Promise<void> {
  const scratch = await scratchDir(prefix);
  try {
    await fill(scratch);
  } catch (error) {
    await rm(scratch, { recursive: true, force: true });
    throw error;
  }
  await publishDir(scratch, target);
}

/** How often a waiter looks at a held lock. */
const LOCK_POLL_MS = 200;
/** A lock whose file has no pid yet after this long was left by a crash. */
const LOCK_EMPTY_STALE_MS = 10_000;
/**
 * Nothing we do under a lock takes this long: an npm install, an import, the bootstrap of a
 * Debian base image (minutes on a busy machine) or a Docker build with a pnpm install inside.
 */
const LOCK_MAX_WAIT_MS = 30 * 60_000;

/**
 * Runs `work` while holding the cache's lock named `key`, which other processes (vitest
 * workers, a CLI) respect. A lock whose holder process is gone is taken over.
 */
export async function withLock<T>(key: string, work: () => Promise<T>): Promise<T> {
  const dir = join(cacheRoot(), "locks");
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${key.replace(/[^A-Za-z0-9_.@-]/g, "_")}.lock`);
  const deadline = Date.now() + LOCK_MAX_WAIT_MS;
  for (;;) {
    try {
      const handle = await open(file, "wx");
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (error) {
      if (!(isNodeError(error) && error.code === "EEXIST")) throw error;
    }
    if (await isStale(file)) {
      await unlink(file).catch(() => undefined);
      continue;
    }
    if (Date.now() > deadline) throw new Error(`the lock ${file} stayed held for ${LOCK_MAX_WAIT_MS / 60_000} minutes`);
    await sleep(LOCK_POLL_MS);
  }
  try {
    return await work();
  } finally {
    await unlink(file).catch(() => undefined);
  }
}

async function isStale(file: string): Promise<boolean> {
  try {
    const pid = Number.parseInt(await readFile(file, "utf8"), 10);
    if (Number.isNaN(pid)) return Date.now() - (await stat(file)).mtimeMs > LOCK_EMPTY_STALE_MS;
    process.kill(pid, 0);
    return false;
  } catch (error) {
    // ENOENT: released meanwhile, so try again; ESRCH: its holder is gone. EPERM: alive.
    return isNodeError(error) && (error.code === "ENOENT" || error.code === "ESRCH");
  }
}
