// A stand-in for the official node:20-bookworm-slim, which apps/server/Dockerfile builds FROM and
// which no registry here serves: Debian bookworm (debootstrap's minbase, from the mirror this
// machine's apt uses, trimmed as Debian's slim images are), this machine's Node 20 and npm where
// the official image has them (/usr/local), its `node` user (uid 1000, home /home/node), and its
// ENTRYPOINT, CMD and ENV. Made once per engine: later calls, from any process, find it by its tag.
// An official node:20-bookworm-slim that is present is used as it is.
import { existsSync } from "node:fs";
import { chmod, copyFile, cp, mkdir, readdir, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type Dockerode from "dockerode";
import { ErrorCode, GatewayError } from "@mcpgw/core";
import { scratchDir, withLock } from "./cache-dir.js";
import { debianMirror } from "./debian-mirror.js";
import { defaultDocker, engineUnavailable, inspectImage, isEngineUnreachable } from "./engine.js";
import { imageUnavailable } from "./image-unavailable.js";
import { importRootfs } from "./import-rootfs.js";
import { findCommand, runCommand } from "./run-command.js";

/** The image apps/server/Dockerfile builds FROM. */
export const NODE_BASE_IMAGE = "node:20-bookworm-slim";

/** The label a stand-in carries (images built FROM it inherit it); its value says what it is made of. */
export const STAND_IN_LABEL = "mcpgw.stand-in";

const SUITE = "bookworm";
const NODE_MAJOR = "20";
/** The official image's PATH. */
const IMAGE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/** Options for {@link ensureBaseImage}. */
export interface EnsureBaseImageOptions {
  /** The engine to make it in; by default the one at DOCKER_HOST or the default socket. */
  docker?: Dockerode;
}

/** What {@link ensureBaseImage} found or made. */
export interface EnsuredBaseImage {
  /** Always {@link NODE_BASE_IMAGE}. */
  reference: string;
  /** False for an official image (one without {@link STAND_IN_LABEL}). */
  standIn: boolean;
  /** True when this call made the stand-in. */
  built: boolean;
}

/**
 * Makes sure the engine has `node:20-bookworm-slim`: the official image when present, else a
 * stand-in made here (about two minutes: debootstrap downloads Debian's base packages). Needs
 * root and Debian's debootstrap for that; concurrent callers make it once.
 *
 * @throws GatewayError `ENGINE_UNAVAILABLE` when no engine answers; `IMAGE_UNAVAILABLE` when
 *   the stand-in cannot be made (what to install, or the failing step's output).
 */
export async function ensureBaseImage(options: EnsureBaseImageOptions = {}): Promise<EnsuredBaseImage> {
  const docker = options.docker ?? defaultDocker();
  const found = await present(docker);
  if (found !== undefined) return found;
  return withLock(`image-${NODE_BASE_IMAGE}`, async () => {
    const again = await present(docker);
    if (again !== undefined) return again;
    const tools = await requireTools();
    const scratch = await scratchDir("node-base");
    try {
      const root = join(scratch, "rootfs");
      const { changes } = await makeRootfs(root, tools);
      await importRootfs(docker, { reference: NODE_BASE_IMAGE, sources: [{ dir: root, entries: (await readdir(root)).sort() }], changes, keepOwners: true });
    } catch (error) {
      if (isEngineUnreachable(error)) throw engineUnavailable(docker, error);
      throw imageUnavailable(`The stand-in ${NODE_BASE_IMAGE}`, "making it failed", error);
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
    return { reference: NODE_BASE_IMAGE, standIn: true, built: true };
  });
}

async function present(docker: Dockerode): Promise<EnsuredBaseImage | undefined> {
  const image = await inspectImage(docker, NODE_BASE_IMAGE);
  if (image === undefined) return undefined;
  return { reference: NODE_BASE_IMAGE, standIn: image.Config.Labels?.[STAND_IN_LABEL] !== undefined, built: false };
}

interface Tools {
  debootstrap: string;
  chroot: string;
}

/** debootstrap and chroot, as root; otherwise an error that says what to install or do. */
async function requireTools(): Promise<Tools> {
  const instead = `or load the official ${NODE_BASE_IMAGE} into the engine (docker pull or docker load)`;
  if (process.getuid?.() !== 0) {
    throw new GatewayError(ErrorCode.IMAGE_UNAVAILABLE, `Making the stand-in ${NODE_BASE_IMAGE} needs root (debootstrap and chroot): run as root, ${instead}.`);
  }
  const [debootstrap, chroot] = await Promise.all([findCommand("debootstrap"), findCommand("chroot")]);
  if (debootstrap === undefined || chroot === undefined) {
    throw new GatewayError(
      ErrorCode.IMAGE_UNAVAILABLE,
      `Making the stand-in ${NODE_BASE_IMAGE} needs ${debootstrap === undefined ? "debootstrap" : "chroot"}: install Debian's debootstrap package (apt-get install debootstrap), as .ci/run does, ${instead}.`,
    );
  }
  return { debootstrap, chroot };
}

/** Fills `root` with the image's tree and returns its import changes. */
async function makeRootfs(root: string, tools: Tools): Promise<{ changes: string[] }> {
  const node = await hostNode();
  const mirror = await debianMirror(SUITE);
  await runCommand(tools.debootstrap, ["--variant=minbase", SUITE, root, mirror]);
  await slim(root);
  // As the official image makes its user.
  await runCommand(tools.chroot, [root, "groupadd", "--gid", "1000", "node"]);
  await runCommand(tools.chroot, [root, "useradd", "--uid", "1000", "--gid", "node", "--shell", "/bin/bash", "--create-home", "node"]);

  const local = join(root, "usr/local");
  await mkdir(join(local, "bin"), { recursive: true });
  await copyFile(node.binary, join(local, "bin/node"));
  for (const [name, bins] of Object.entries(node.modules)) {
    await cp(join(node.modulesDir, name), join(local, "lib/node_modules", name), { recursive: true, verbatimSymlinks: true });
    for (const [bin, target] of Object.entries(bins)) await symlink(`../lib/node_modules/${name}/${target}`, join(local, "bin", bin));
  }
  await writeFile(join(local, "bin/docker-entrypoint.sh"), ENTRYPOINT_SCRIPT);
  await chmod(join(local, "bin/docker-entrypoint.sh"), 0o755);
  // Node and npm run inside the tree before it becomes an image: a library it lacks shows here.
  await runCommand(tools.chroot, [root, "/bin/sh", "-c", "node --version && npm --version"], { env: { PATH: IMAGE_PATH } });

  const madeOf = `debootstrap --variant=minbase ${SUITE} and this machine's node ${node.version}; not the official image`;
  return {
    changes: [
      `ENV PATH=${IMAGE_PATH}`,
      `ENV NODE_VERSION=${node.version}`,
      // The official image's YARN_VERSION is left out: there is no yarn here.
      `ENTRYPOINT ["docker-entrypoint.sh"]`,
      `CMD ["node"]`,
      `LABEL ${STAND_IN_LABEL}=${JSON.stringify(madeOf)}`,
    ],
  };
}

interface HostNode {
  binary: string;
  /** Without the `v`: `20.20.2`. */
  version: string;
  /** The global node_modules folder beside the binary (`/usr/lib/node_modules` for /usr/bin/node). */
  modulesDir: string;
  /** Global packages copied into the image, with their bins as name → path in the package. */
  modules: Record<string, Record<string, string>>;
}

/** This machine's /usr/bin/node (else the node running this), which must be Node 20, and its npm. */
async function hostNode(): Promise<HostNode> {
  const binary = existsSync("/usr/bin/node") ? "/usr/bin/node" : process.execPath;
  const version = (await runCommand(binary, ["-p", "process.versions.node"])).stdout.trim();
  if (version.split(".")[0] !== NODE_MAJOR) {
    throw new Error(`${binary} is Node ${version}; a stand-in ${NODE_BASE_IMAGE} needs Node ${NODE_MAJOR}`);
  }
  const modulesDir = join(dirname(await realpath(binary)), "../lib/node_modules");
  if (!existsSync(join(modulesDir, "npm"))) throw new Error(`no npm beside ${binary} (looked in ${modulesDir})`);
  const modules: HostNode["modules"] = { npm: { npm: "bin/npm-cli.js", npx: "bin/npx-cli.js" } };
  // Node 20's official images ship corepack too.
  if (existsSync(join(modulesDir, "corepack"))) modules.corepack = { corepack: "dist/corepack.js" };
  return { binary, version, modulesDir, modules };
}

/** What Debian's slim images leave out, as their dpkg configuration says (and keeps saying). */
const SLIM_DPKG_CONFIG = [
  "# As in Debian's slim images: files containers seldom need are not installed.",
  "path-exclude /usr/share/doc/*",
  "path-include /usr/share/doc/*/copyright",
  "path-exclude /usr/share/groff/*",
  "path-exclude /usr/share/info/*",
  "path-exclude /usr/share/linda/*",
  "path-exclude /usr/share/lintian/overrides/*",
  "path-exclude /usr/share/locale/*",
  "path-exclude /usr/share/man/*",
  "",
].join("\n");

/**
 * Removes what a slim image has not: the excluded files, apt's package lists and downloaded
 * packages, the device nodes debootstrap made (the engine gives a container its own /dev) and
 * this machine's name and resolver (the engine writes a container's).
 */
async function slim(root: string): Promise<void> {
  await writeFile(join(root, "etc/dpkg/dpkg.cfg.d/docker"), SLIM_DPKG_CONFIG);
  const emptied = ["usr/share/groff", "usr/share/info", "usr/share/linda", "usr/share/lintian/overrides", "usr/share/locale", "usr/share/man", "dev"];
  for (const dir of emptied) await emptyDir(join(root, dir));
  // apt wants the `partial` folders; it remakes the rest.
  await emptyDir(join(root, "var/lib/apt/lists"), (name) => name !== "partial");
  for (const dir of ["var/cache/apt", "var/cache/apt/archives"]) await emptyDir(join(root, dir), (name) => /\.(deb|bin)$/.test(name));
  for (const pkg of await readdir(join(root, "usr/share/doc"))) {
    const dir = join(root, "usr/share/doc", pkg);
    for (const entry of await readdir(dir).catch(() => [])) if (entry !== "copyright") await rm(join(dir, entry), { recursive: true, force: true });
  }
  await writeFile(join(root, "etc/hostname"), "");
  await writeFile(join(root, "etc/resolv.conf"), "");
}

/** Removes a folder's entries (those `remove` picks), keeping the folder. */
async function emptyDir(dir: string, remove: (name: string) => boolean = () => true): Promise<void> {
  if (!existsSync(dir)) return;
  for (const entry of await readdir(dir)) if (remove(entry)) await rm(join(dir, entry), { recursive: true, force: true });
}

/** The official image's entrypoint: arguments that are not a command run with node. */
const ENTRYPOINT_SCRIPT = `#!/bin/sh
set -e

# Run command with node if the first argument contains a "-" or is not a system command.
if [ "\${1#-}" != "\${1}" ] || [ -z "$(command -v "\${1}")" ] || { [ -f "\${1}" ] && ! [ -x "\${1}" ]; }; then
  set -- node "$@"
fi

exec "$@"
`;
