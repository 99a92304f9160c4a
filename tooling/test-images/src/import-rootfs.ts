// Turns folders into an image without a registry: `tar` streams them into the engine's import
// endpoint (POST /images/create?fromSrc=-), which takes Dockerfile instructions as `changes`.
import { spawn } from "node:child_process";
import type Dockerode from "dockerode";

/** Some entries of a folder, which land at the image's root under the same names. */
export interface RootfsSource {
  dir: string;
  entries: string[];
}

/** Options for {@link importRootfs}. */
export interface ImportRootfsOptions {
  /** `repository:tag` the image gets. */
  reference: string;
  sources: RootfsSource[];
  /** Dockerfile instructions: ENTRYPOINT, WORKDIR, ENV, LABEL. */
  changes: string[];
  /**
   * Keep the files' owners and modes, as a whole system's tree (made as root) needs them; by
   * default every file becomes root's and readable by all.
   */
  keepOwners?: boolean;
}

/** Imports the sources as one image layer, tagged `reference`; returns the image id. */
export async function importRootfs(docker: Dockerode, options: ImportRootfsOptions): Promise<string> {
  const { repository, tag } = splitReference(options.reference);
  // Owned by root whatever the host files' owners, and readable by every user: servers may
  // run as uid 1000 and the cache's umask may be strict.
  const args = ["--create", "--file=-", "--numeric-owner", ...(options.keepOwners ? [] : ["--owner=0", "--group=0", "--mode=a+rX"])];
  for (const source of options.sources) args.push("-C", source.dir, ...source.entries);

  const tar = spawn("tar", args, { stdio: ["ignore", "pipe", "pipe"] });
  let tarError = "";
  tar.stderr.setEncoding("utf8").on("data", (chunk: string) => (tarError += chunk));
  const tarDone = new Promise<void>((resolve, reject) => {
    tar.once("error", (error) => reject(new Error(`tar could not start: ${error.message}`, { cause: error })));
    tar.once("close", (status) => (status === 0 ? resolve() : reject(new Error(`tar failed (exit ${status}): ${tarError.trim()}`))));
  });
  // Keep a tar failure from surfacing as an unhandled rejection while the import runs.
  tarDone.catch(() => undefined);

  let imported: string;
  try {
    const response = await docker.importImage(tar.stdout, { repo: repository, tag, changes: options.changes });
    imported = parseImportResponse(await readAll(response));
  } catch (error) {
    tar.kill();
    await tarDone.catch(() => undefined);
    throw error;
  }
  try {
    await tarDone;
  } catch (error) {
    // A truncated stream may still have made an image: drop it, it is not the one we meant.
    await docker.getImage(options.reference).remove({ force: true }).catch(() => undefined);
    throw error;
  }
  return imported;
}

/** `mcpgw-test/node:abc` → repository `mcpgw-test/node`, tag `abc`. */
export function splitReference(reference: string): { repository: string; tag: string } {
  const colon = reference.lastIndexOf(":");
  if (colon <= reference.lastIndexOf("/")) return { repository: reference, tag: "latest" };
  return { repository: reference.slice(0, colon), tag: reference.slice(colon + 1) };
}

/**
 * The engine answers an import with JSON progress messages, one a line; the last has the new
 * image's id as `status`. A failure comes as 200 with an `error` message.
 */
export function parseImportResponse(text: string): string {
  let id: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const message = JSON.parse(line) as { status?: string; error?: string; errorDetail?: { message?: string } };
    if (message.error !== undefined || message.errorDetail !== undefined) {
      throw new Error(message.errorDetail?.message ?? message.error ?? "the engine refused the import");
    }
    if (message.status?.startsWith("sha256:")) id = message.status;
  }
  if (id === undefined) throw new Error(`the engine's answer to the import has no image id: ${text.slice(0, 500)}`);
  return id;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString("utf8");
}
