import { editUserFile, loadUserFile } from "@mcpgw/user-files";
import { z } from "zod";

/** `config.yaml`: per-server values, by the config name the catalog entry declares (usually the server's). */
export const ConfigFileSchema = z.record(z.string(), z.unknown());

export type ConfigFile = z.output<typeof ConfigFileSchema>;

const options = { empty: {} as ConfigFile };

/** Reads `config.yaml`; a missing file holds no values. */
export async function loadConfig(path: string) {
  return loadUserFile(path, ConfigFileSchema, options);
}

/**
 * Merges values into `config.yaml`: objects merge key by key, anything else (scalars, lists)
 * replaces. Keys not given are kept, and so are the file's comments. Returns the changed paths.
 */
export async function writeConfig(path: string, values: Record<string, unknown>): Promise<string[]> {
  return editUserFile(path, ConfigFileSchema, options, ({ value, source }) => {
    const changed: string[] = [];
    const visit = (current: unknown, incoming: unknown, at: string[]) => {
      if (isObject(incoming) && (isObject(current) || current === undefined) && Object.keys(incoming).length > 0) {
        for (const [k, v] of Object.entries(incoming)) visit(isObject(current) ? current[k] : undefined, v, [...at, k]);
        return;
      }
      if (JSON.stringify(current) === JSON.stringify(incoming)) return;
      source.document.setIn(at, source.document.createNode(incoming));
      changed.push(at.join("."));
    };
    visit(value, values, []);
    return changed;
  });
}

/** Removes the values of the given config names, or all of them. Returns the names removed. */
export async function resetConfig(path: string, names?: readonly string[]): Promise<string[]> {
  return editUserFile(path, ConfigFileSchema, options, ({ value, source }) => {
    const removed = (names ?? Object.keys(value)).filter((n) => n in value);
    for (const name of removed) source.document.delete(name);
    return removed;
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
