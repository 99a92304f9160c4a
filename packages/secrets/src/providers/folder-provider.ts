import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { ErrorCode, GatewayError, isNodeError } from "@mcpgw/core";
import { secretKeyCandidates } from "../key-names.js";
import type { SecretProvider } from "../provider.js";

export interface FolderProviderOptions {
  /** The provider's name in messages; the folder's path unless given. */
  name?: string;
}

/**
 * Secrets from a folder holding one file per secret, the way Docker (`/run/secrets`) and
 * Kubernetes (a secret volume) mount them. A file's content is the value, less one trailing
 * newline (the one `echo value > file` adds). Files are looked up by exact name, then by
 * normalised name, and read on every call, so rotated secrets are seen.
 */
export function createSecretsFolderProvider(dir: string, options: FolderProviderOptions = {}): SecretProvider {
  const name = options.name ?? dir;
  return {
    name,
    async get(key) {
      for (const candidate of secretKeyCandidates(key)) {
        if (!isPlainFileName(candidate)) continue;
        const value = await readSecretFile(join(dir, candidate), name);
        if (value !== undefined && value !== "") return value;
      }
      return undefined;
    },
    async list() {
      let entries: string[];
      try {
        entries = await readdir(dir);
      } catch (error) {
        if (isNodeError(error) && error.code === "ENOENT") return [];
        throw new GatewayError(ErrorCode.IO, `cannot list secrets folder ${name}`, { cause: error, data: { path: dir } });
      }
      const names: string[] = [];
      for (const entry of entries) {
        // Kubernetes keeps its bookkeeping in `..data` and `..<timestamp>` beside the secrets.
        if (entry.startsWith(".")) continue;
        // stat, not the dirent type: Kubernetes' secret files are symlinks into `..data`.
        const info = await stat(join(dir, entry)).catch(() => undefined);
        if (info?.isFile() && info.size > 0) names.push(entry);
      }
      return names.sort();
    },
  };
}

/** A name that stays inside the folder: no separators, not `.` or `..`, no NUL. */
function isPlainFileName(name: string): boolean {
  return name !== "" && name !== "." && name !== ".." && !/[/\\\0]/.test(name);
}

async function readSecretFile(path: string, providerName: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if (isNodeError(error) && (error.code === "ENOENT" || error.code === "EISDIR" || error.code === "ENOTDIR")) {
      return undefined;
    }
    throw new GatewayError(ErrorCode.IO, `cannot read a secret file in ${providerName}`, { cause: error, data: { path } });
  }
  return text.replace(/\r?\n$/, "");
}
