import { randomBytes } from "node:crypto";
import { mkdir, open, readFile, rename, stat, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import lockfile from "proper-lockfile";
import { ErrorCode, GatewayError, isNodeError } from "@mcpgw/core";

export interface WriteOptions {
  /** File mode for a new file; an existing file keeps its mode unless this is set. */
  mode?: number;
}

/** The file's text, or `undefined` when it does not exist. */
export async function readFileIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if (isNodeError(error) && error.code === "ENOENT") return undefined;
    throw error;
  }
}

/**
 * Writes a file so that readers see the old or the new content, never a torn one: a temporary
 * file in the same folder, flushed, then renamed over the target.
 */
export async function writeFileAtomic(path: string, data: string, options: WriteOptions = {}): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const mode = options.mode ?? (await existingMode(path)) ?? 0o644;
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  const handle = await open(temp, "wx", mode);
  try {
    await handle.writeFile(data, "utf8");
    await handle.chmod(mode);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(temp).catch(() => {});
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => {});
    throw error;
  }
}

/**
 * Runs `fn` while holding an exclusive lock on `path` (a `path.lock` folder beside it), so
 * that concurrent mcpgw processes editing the same file take turns. Locks held by a process
 * that died are taken over once stale.
 */
export async function withFileLock<T>(path: string, fn: () => Promise<T>): Promise<T> {
  await mkdir(dirname(path), { recursive: true });
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(path, {
      realpath: false,
      lockfilePath: `${path}.lock`,
      stale: 10_000,
      retries: { retries: 200, factor: 1.2, minTimeout: 5, maxTimeout: 100, randomize: true },
    });
  } catch (error) {
    throw new GatewayError(ErrorCode.LOCK_TIMEOUT, `${path} is locked by another mcpgw process; try again`, {
      cause: error,
    });
  }
  try {
    return await fn();
  } finally {
    await release().catch(() => {});
  }
}

/**
 * Read-modify-write of a file under its lock. `update` gets the current text (`undefined` when
 * there is no file) and returns the new text, or `undefined` to leave the file as it is.
 * Returns whether the file changed.
 */
export async function updateFile(
  path: string,
  update: (current: string | undefined) => string | undefined | Promise<string | undefined>,
  options: WriteOptions = {},
): Promise<boolean> {
  return withFileLock(path, async () => {
    const current = await readFileIfExists(path);
    const next = await update(current);
    if (next === undefined || next === current) return false;
    await writeFileAtomic(path, next, options);
    return true;
  });
}

async function existingMode(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).mode & 0o777;
  } catch {
    return undefined;
  }
}
