import { stat } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { readFileIfExists, withFileLock, writeFileAtomic } from "@mcpgw/user-files";
import type { ClientContext, EntryShape, GatewayEntry, McpClient } from "./client.js";
import { entryFor } from "./client.js";
import type { FileEditor, ServersEdit } from "./config-edit.js";
import { DOCKER_ENTRY, GATEWAY_ENTRY } from "./config-edit.js";
import { jsonEditor } from "./json-editor.js";
import { tomlEditor } from "./toml-editor.js";
import { yamlEditor } from "./yaml-editor.js";

/** One file to edit and the shape of the entries in it. */
export interface ClientTarget {
  file: string;
  shape: EntryShape;
  /** Whether this is the client's project file rather than its user file. */
  project: boolean;
}

/**
 * The file `connect` and `disconnect` edit for a client: its project file in `ctx.cwd` when it
 * reads one and `global` is not asked for, else its user file.
 */
export function clientTarget(client: McpClient, ctx: ClientContext, options: { global?: boolean } = {}): ClientTarget {
  if (client.projectFile && !options.global) return { file: join(ctx.cwd, client.projectFile), shape: client, project: true };
  return { file: client.userFile(ctx), shape: client, project: false };
}

/** What `connect` or `disconnect` did. */
export interface EditOutcome {
  file: string;
  changed: boolean;
  /** The copy of the previous content, when there was a previous file and it changed. */
  backup?: string;
}

/**
 * Adds (or replaces) mcpgw's entry in a client's file, creating the file and its folders when
 * missing. With `replaceDocker`, Docker's `MCP_DOCKER` entry goes in the same write. Everything
 * else in the file stays as it was; the previous content is kept in `<file>.bak`.
 */
export function connectClient(target: ClientTarget, entry: GatewayEntry, options: { replaceDocker?: boolean } = {}): Promise<EditOutcome> {
  return editServers(target, {
    remove: options.replaceDocker ? [DOCKER_ENTRY] : [],
    set: { name: GATEWAY_ENTRY, entry: entryFor(target.shape, entry) },
  });
}

/** Removes mcpgw's entry, and nothing else, from a client's file. */
export function disconnectClient(target: ClientTarget): Promise<EditOutcome> {
  return editServers(target, { remove: [GATEWAY_ENTRY] });
}

/** What `client ls` shows for one client. */
export interface ClientStatus {
  file: string;
  /** The client's configuration folder exists. */
  installed: boolean;
  /** An `mcpgw` entry is in the file. */
  connected: boolean;
  /** Docker's `MCP_DOCKER` entry is in the file. */
  docker: boolean;
  /** Why the file could not be read, when it could not. */
  problem?: string;
}

/** Whether a client is installed and which gateways its file names. */
export async function clientStatus(client: McpClient, ctx: ClientContext, options: { global?: boolean } = {}): Promise<ClientStatus> {
  const target = clientTarget(client, ctx, options);
  const installDir = client.installDir?.(ctx) ?? dirname(client.userFile(ctx));
  const installed = await exists(installDir);
  const text = await readFileIfExists(target.file);
  if (text === undefined) return { file: target.file, installed, connected: false, docker: false };
  try {
    const names = editorFor(target).names(text);
    return { file: target.file, installed, connected: names.includes(GATEWAY_ENTRY), docker: names.includes(DOCKER_ENTRY) };
  } catch (error) {
    return { file: target.file, installed, connected: false, docker: false, problem: (error as Error).message };
  }
}

async function editServers(target: ClientTarget, edit: ServersEdit): Promise<EditOutcome> {
  const file = resolve(target.file);
  return withFileLock(file, async () => {
    const current = await readFileIfExists(file);
    const editor = editorFor(target);
    const present = current === undefined ? [] : editor.names(current);
    const removing = edit.remove.some((name) => present.includes(name));
    if (!edit.set && !removing) return { file, changed: false };
    const next = editor.apply(current ?? "", edit);
    if (next === current) return { file, changed: false };
    let backup: string | undefined;
    if (current !== undefined) {
      backup = `${file}.bak`;
      await writeFileAtomic(backup, current);
    }
    await writeFileAtomic(file, next);
    return { file, changed: true, ...(backup ? { backup } : {}) };
  });
}

function editorFor(target: ClientTarget): FileEditor {
  const { format, key, layout } = target.shape;
  if (format === "toml") return tomlEditor(target.file, key);
  if (format === "yaml") return yamlEditor(target.file, key, layout);
  return jsonEditor(target.file, key, format === "jsonc");
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
