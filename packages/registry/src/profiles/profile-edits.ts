import { stat, unlink } from "node:fs/promises";
import { ErrorCode, GatewayError, isNodeError } from "@mcpgw/core";
import type { HomeLayout, UserFile } from "@mcpgw/user-files";
import { editUserFile, updateFile, withFileLock } from "@mcpgw/user-files";
import { Document, isMap } from "yaml";
import type { YAMLMap } from "yaml";
import { assertKnownServers } from "../known-servers.js";
import type { ProfileContent, ProfileFile } from "./profile-file.js";
import { profileFileOptions, ProfileFileSchema, profileNotFound, profilePath } from "./profile-file.js";

/**
 * Creates the profile `name` with these servers, each with every tool. Every server must be one
 * of `known` (the catalogs' servers); a profile of that name must not exist. Nothing is written
 * when either check fails.
 */
export async function createProfile(home: HomeLayout, name: string, servers: readonly string[], known: Iterable<string>): Promise<void> {
  const path = profilePath(home, name);
  assertKnownServers(servers, known);
  const text = new Document({ servers: Object.fromEntries([...new Set(servers)].map((s) => [s, {}])) }).toString({ lineWidth: 0 });
  await updateFile(path, (current) => {
    if (current !== undefined) {
      throw new GatewayError(ErrorCode.INVALID_ARGUMENT, `profile "${name}" already exists (${path})`, {
        data: { name, path },
        suggestion: `\`mcpgw profile server add ${name} --server S\` adds servers to it.`,
      });
    }
    return text;
  });
}

/** Deletes the profile `name`; NOT_FOUND (with the closest names) when there is none. */
export async function removeProfile(home: HomeLayout, name: string): Promise<void> {
  const path = profilePath(home, name);
  // Checked before taking the lock, which would create the folder of a home that has none.
  if (!(await isFile(path))) throw await profileNotFound(home, name);
  await withFileLock(path, async () => {
    try {
      await unlink(path);
    } catch (error) {
      if (isNodeError(error) && error.code === "ENOENT") throw await profileNotFound(home, name);
      throw error;
    }
  });
}

/**
 * Adds servers to a profile, each with every tool. Every name must be one of `known`; servers
 * the profile has already are left as they are. Comments and other entries are kept.
 */
export async function addProfileServers(
  home: HomeLayout,
  name: string,
  servers: readonly string[],
  known: Iterable<string>,
): Promise<{ added: string[]; already: string[] }> {
  assertKnownServers(servers, known);
  return editProfile(home, name, ({ value, source }) => {
    const result = { added: [] as string[], already: [] as string[] };
    const map = serversMap(source.document);
    for (const server of new Set(servers)) {
      if (value.servers && server in value.servers) {
        result.already.push(server);
      } else {
        map.set(server, source.document.createNode({}));
        result.added.push(server);
      }
    }
    return result;
  });
}

/** Removes servers from a profile; the others, and comments, are kept. */
export async function removeProfileServers(
  home: HomeLayout,
  name: string,
  servers: readonly string[],
): Promise<{ removed: string[]; notInProfile: string[] }> {
  return editProfile(home, name, ({ value, source }) => {
    const result = { removed: [] as string[], notInProfile: [] as string[] };
    for (const server of new Set(servers)) {
      if (value.servers && server in value.servers) {
        serversMap(source.document).delete(server);
        result.removed.push(server);
      } else {
        result.notInProfile.push(server);
      }
    }
    return result;
  });
}

/**
 * Writes a whole profile, as an import does: a new one is created, an existing one has its
 * servers and defaults replaced (comments outside them are kept). Every server must be one of
 * `known`. Returns whether a profile of that name was there before.
 */
export async function writeProfile(home: HomeLayout, name: string, content: ProfileContent, known: Iterable<string>): Promise<{ replaced: boolean }> {
  const path = profilePath(home, name);
  assertKnownServers(Object.keys(content.servers), known);
  const replaced = await isFile(path);
  await editUserFile(path, ProfileFileSchema, profileFileOptions, ({ source }) => {
    const document = source.document;
    document.set("servers", document.createNode(content.servers));
    for (const key of ["dynamicTools", "toolBudget"] as const) {
      if (content[key] === undefined) document.delete(key);
      else document.set(key, content[key]);
    }
  });
  return { replaced };
}

/** Edits an existing profile in place (see `editUserFile`); NOT_FOUND when there is none. */
export async function editProfile<R>(home: HomeLayout, name: string, edit: (file: UserFile<ProfileFile>) => R): Promise<R> {
  const path = profilePath(home, name);
  if (!(await isFile(path))) throw await profileNotFound(home, name);
  return editUserFile(path, ProfileFileSchema, profileFileOptions, edit);
}

/** The document's `servers:` map, made when the file has none. */
export function serversMap(document: Document): YAMLMap {
  const node = document.get("servers", true);
  if (isMap(node)) return node;
  const created = document.createNode({});
  document.set("servers", created);
  return created;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
