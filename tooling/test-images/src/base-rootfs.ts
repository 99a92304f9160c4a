// The part every test image shares: the host's node binary with the shared libraries it loads,
// and the few files of /etc that programs look up. It is staged once per cache and reused.
import { existsSync } from "node:fs";
import { chmod, copyFile, mkdir, readdir, realpath, stat, writeFile } from "node:fs/promises";
import { dirname, isAbsolute, join } from "node:path";
import { buildDir, cacheRoot, exists, withLock } from "./cache-dir.js";
import { hashStrings } from "./content-hash.js";
import { runCommand } from "./run-command.js";

/** Where node lives in every image; entrypoints use this path. */
export const IMAGE_NODE_PATH = "/usr/bin/node";

/** The host's CA bundle, copied when present so that servers making TLS calls can verify peers. */
const CA_BUNDLE = "/etc/ssl/certs/ca-certificates.crt";

// root, a `node` user with uid 1000 as in the official node images (its home is /tmp, the one
// folder it may write), and `nobody`.
const PASSWD = [
  "root:x:0:0:root:/root:/usr/sbin/nologin",
  "node:x:1000:1000:node:/tmp:/usr/sbin/nologin",
  "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin",
  "",
].join("\n");
const GROUP = ["root:x:0:", "node:x:1000:", "nogroup:x:65534:", ""].join("\n");

/** A base rootfs, described by its inputs; {@link BaseRootfs.stage} makes its folder. */
export interface BaseRootfs {
  /** Hash of the node binary, its libraries, the CA bundle and the /etc files. */
  hash: string;
  /** The host node binary that is copied to {@link IMAGE_NODE_PATH}. */
  nodeBinary: string;
  /** Stages the rootfs in the cache (once) and returns its folder. */
  stage(): Promise<string>;
}

let described: Promise<BaseRootfs> | undefined;

/**
 * Describes the base rootfs of this host; cheap after the first call in a process (one `ldd`
 * and a few `stat`s, no copying).
 */
export function describeBaseRootfs(): Promise<BaseRootfs> {
  described ??= describe().catch((error: unknown) => {
    described = undefined;
    throw error;
  });
  return described;
}

/** The host node: /usr/bin/node when there is one, else the node running this process. */
function hostNode(): string {
  return existsSync(IMAGE_NODE_PATH) ? IMAGE_NODE_PATH : process.execPath;
}

async function describe(): Promise<BaseRootfs> {
  const nodeBinary = hostNode();
  const libraries = await sharedLibraries(nodeBinary);
  // Host path → path in the image. Libraries keep their paths: the loader looks there.
  const files = new Map<string, string>([[nodeBinary, IMAGE_NODE_PATH], ...libraries.map((lib): [string, string] => [lib, lib])]);
  if (existsSync(CA_BUNDLE)) files.set(CA_BUNDLE, CA_BUNDLE);

  const parts = ["base-rootfs/1", PASSWD, GROUP];
  for (const [from, to] of files) {
    const info = await stat(from);
    parts.push(`${to} ${await realpath(from)} ${info.size} ${info.mtimeMs} ${info.ino}`);
  }
  const hash = hashStrings(parts);
  return { hash, nodeBinary, stage: () => stage(hash, files) };
}

/** The absolute paths of the shared libraries (the dynamic loader included) `ldd` lists. */
async function sharedLibraries(binary: string): Promise<string[]> {
  const { stdout } = await runCommand("ldd", [binary]);
  const libraries: string[] = [];
  for (const line of stdout.split("\n")) {
    if (/=>\s*not found/.test(line)) throw new Error(`ldd ${binary}: ${line.trim()}`);
    // "libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x…)" or "/lib64/ld-linux-x86-64.so.2 (0x…)";
    // linux-vdso has no file.
    const path = /(?:=>\s*)?(\/\S+)\s+\(0x[0-9a-f]+\)/.exec(line)?.[1];
    if (path !== undefined && isAbsolute(path)) libraries.push(path);
  }
  if (libraries.length === 0) throw new Error(`ldd ${binary} listed no libraries: is it a static binary?`);
  return libraries;
}

async function stage(hash: string, files: ReadonlyMap<string, string>): Promise<string> {
  const target = join(cacheRoot(), `base-${hash.slice(0, 16)}`);
  if (await exists(target)) return target;
  return withLock(`base-${hash.slice(0, 16)}`, async () => {
    if (await exists(target)) return target;
    await buildDir("base", target, async (scratch) => {
      // mkdtemp makes a private folder; the image's / must be readable by every user.
      await chmod(scratch, 0o755);
      for (const [from, to] of files) {
        const dest = join(scratch, to);
        await mkdir(dirname(dest), { recursive: true });
        // copyFile follows symlinks (libstdc++.so.6 → libstdc++.so.6.0.30) and keeps the mode.
        await copyFile(from, dest);
      }
      await mkdir(join(scratch, "etc"), { recursive: true });
      await writeFile(join(scratch, "etc/passwd"), PASSWD, { mode: 0o644 });
      await writeFile(join(scratch, "etc/group"), GROUP, { mode: 0o644 });
      await mkdir(join(scratch, "tmp"));
      await chmod(join(scratch, "tmp"), 0o1777);
      await mkdir(join(scratch, "root"));
    });
    return target;
  });
}

/** The top-level entries of a staged base rootfs, as tar should list them. */
export async function baseEntries(staged: string): Promise<string[]> {
  return (await readdir(staged)).sort();
}
