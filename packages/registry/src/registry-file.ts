import { editUserFile, loadUserFile } from "@mcpgw/user-files";
import { isMap } from "yaml";
import type { Document } from "yaml";
import { z } from "zod";
import { assertKnownServers } from "./known-servers.js";

// Both shapes seen in the wild: Docker's `name: {ref: ""}` and `name: {catalog: c, enabled: b}`.
// mcpgw adds `allowEngineSocket: true`, the user's opt-in to a poci entry's engine-socket volume.
const RegistryEntrySchema = z
  .looseObject({ ref: z.string().optional(), catalog: z.string().optional(), enabled: z.boolean().optional(), allowEngineSocket: z.boolean().optional() })
  .nullable();

export const RegistryFileSchema = z.looseObject({
  registry: z.record(z.string(), RegistryEntrySchema).nullish(),
});

export type RegistryFile = z.output<typeof RegistryFileSchema>;

const EMPTY: RegistryFile = { registry: {} };
const options = { empty: EMPTY };

/** Names of the enabled servers, in file order: an entry counts unless it says `enabled: false`. */
export function enabledServerNames(file: RegistryFile): string[] {
  return Object.entries(file.registry ?? {})
    .filter(([, entry]) => entry?.enabled !== false)
    .map(([name]) => name);
}

/** Whether the user let this server's containers mount the engine's socket. */
export function allowsEngineSocket(file: RegistryFile | undefined, name: string): boolean {
  return file?.registry?.[name]?.allowEngineSocket === true;
}

/** Reads `registry.yaml`; a missing file has no server enabled. */
export async function loadRegistry(path: string) {
  return loadUserFile(path, RegistryFileSchema, options);
}

export interface EnableOptions {
  /** Record the opt-in that lets these servers' containers mount the engine's socket. */
  allowEngineSocket?: boolean;
}

/**
 * Enables servers in `registry.yaml`, keeping everything else in it. Every name must be one of
 * `known` (the catalogs' servers); otherwise nothing is written and the error suggests names.
 * With `allowEngineSocket`, each entry also records that opt-in (kept until the server is disabled).
 */
export async function enableServers(
  path: string,
  names: readonly string[],
  known: Iterable<string>,
  enable: EnableOptions = {},
): Promise<{ enabled: string[]; already: string[] }> {
  assertKnownServers(names, known);
  return editUserFile(path, RegistryFileSchema, options, ({ value, source }) => {
    const result = { enabled: [] as string[], already: [] as string[] };
    const registry = registryMap(source.document);
    for (const name of new Set(names)) {
      const entry = value.registry?.[name];
      if (entry !== undefined && entry?.enabled !== false) {
        result.already.push(name);
      } else if (entry && entry.enabled === false) {
        registry.setIn([name, "enabled"], true);
        result.enabled.push(name);
      } else {
        registry.set(name, source.document.createNode({ ref: "" }));
        result.enabled.push(name);
      }
      if (!enable.allowEngineSocket) continue;
      // An entry written as a bare `name:` has no map to add the field to.
      if (isMap(registry.get(name, true))) registry.setIn([name, "allowEngineSocket"], true);
      else registry.set(name, source.document.createNode({ ref: "", allowEngineSocket: true }));
    }
    return result;
  });
}

/** Disables servers: Docker-shaped entries are removed, `enabled:`-shaped ones set to false. */
export async function disableServers(
  path: string,
  names: readonly string[],
): Promise<{ disabled: string[]; notEnabled: string[] }> {
  return editUserFile(path, RegistryFileSchema, options, ({ value, source }) => {
    const result = { disabled: [] as string[], notEnabled: [] as string[] };
    const registry = registryMap(source.document);
    for (const name of new Set(names)) {
      const entry = value.registry?.[name];
      if (entry === undefined || entry?.enabled === false) {
        result.notEnabled.push(name);
        continue;
      }
      if (entry && "enabled" in entry) registry.setIn([name, "enabled"], false);
      else registry.delete(name);
      result.disabled.push(name);
    }
    return result;
  });
}

/** Disables every server. Returns the names that were enabled. */
export async function resetRegistry(path: string): Promise<string[]> {
  return editUserFile(path, RegistryFileSchema, options, ({ value, source }) => {
    const was = enabledServerNames(value);
    source.document.set("registry", source.document.createNode({}));
    return was;
  });
}

function registryMap(document: Document) {
  const node = document.get("registry", true);
  if (isMap(node)) return node;
  const created = document.createNode({});
  document.set("registry", created);
  return created;
}
