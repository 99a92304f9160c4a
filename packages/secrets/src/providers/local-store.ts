import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { ErrorCode, GatewayError } from "@mcpgw/core";
import { readFileIfExists, updateFile } from "@mcpgw/user-files";
import type { SecretProvider } from "../provider.js";
import { parseStoreFile, serialiseStoreFile } from "./store-file.js";

/** Owner read/write only: the store holds every secret in plain text. */
const STORE_MODE = 0o600;
/** The home folder, when the store is the first thing to create it. */
const HOME_MODE = 0o700;
/** Docker-style names (`github.personal_access_token`), env names, and `/`-scoped names. */
const SECRET_NAME = /^[A-Za-z0-9_][A-Za-z0-9_./-]{0,254}$/;

export interface LocalSecretStoreOptions {
  /** The store file, usually `resolveHome().secretsFile` (`~/.mcpgw/secrets.json`). */
  file: string;
}

/** mcpgw's own secret store: a JSON file of mode 0600, written atomically under a lock. */
export interface LocalSecretStore extends SecretProvider {
  readonly name: "store";
  /** The store file's path. */
  readonly file: string;
  /** Sets (adds or replaces) one secret. */
  set(key: string, value: string): Promise<void>;
  /** Removes secrets; returns the names that were there and are now gone. */
  remove(keys: readonly string[]): Promise<string[]>;
}

/**
 * The local secret store. Every write is a read-modify-write under the file's lock, so
 * concurrent `mcpgw secret set` runs in many processes all land; readers need no lock because
 * writes replace the file atomically. The file is created, and kept, with mode 0600.
 */
export function createLocalSecretStore(options: LocalSecretStoreOptions): LocalSecretStore {
  const { file } = options;
  const read = async (): Promise<Map<string, string>> => {
    const text = await readFileIfExists(file);
    return text === undefined ? new Map() : parseStoreFile(text, file);
  };
  const update = async (change: (secrets: Map<string, string>) => boolean): Promise<void> => {
    // Only matters when the store creates the home: an existing folder keeps its mode.
    await mkdir(dirname(file), { recursive: true, mode: HOME_MODE });
    await updateFile(
      file,
      (current) => {
        const secrets = current === undefined ? new Map<string, string>() : parseStoreFile(current, file);
        return change(secrets) ? serialiseStoreFile(secrets) : undefined;
      },
      // Passed on every write, not just the first: a store someone chmod-ed open is closed again.
      { mode: STORE_MODE },
    );
  };

  return {
    name: "store",
    file,
    async get(key) {
      const value = (await read()).get(key);
      return value === "" ? undefined : value;
    },
    async list() {
      return [...(await read()).keys()].sort();
    },
    async set(key, value) {
      assertSecretName(key);
      if (typeof value !== "string" || value === "") {
        throw new GatewayError(ErrorCode.INVALID_ARGUMENT, `the value of secret ${key} is empty`, {
          suggestion: "Give a value, or remove the secret with `mcpgw secret rm`.",
        });
      }
      await update((secrets) => {
        if (secrets.get(key) === value) return false;
        secrets.set(key, value);
        return true;
      });
    },
    async remove(keys) {
      const removed: string[] = [];
      await update((secrets) => {
        // Reset here, not outside: a retried update must not report names twice.
        removed.length = 0;
        for (const key of new Set(keys)) if (secrets.delete(key)) removed.push(key);
        return removed.length > 0;
      });
      return removed;
    },
  };
}

function assertSecretName(key: string): void {
  if (SECRET_NAME.test(key)) return;
  // The text is not echoed: a value typed where the name belongs must not end up in a message.
  throw new GatewayError(
    ErrorCode.INVALID_ARGUMENT,
    `a secret name must be 1 to 255 letters, digits and "_", ".", "-" or "/", starting with a letter, digit or "_" (got ${key.length} characters)`,
  );
}
