// What the `profile` commands share: the servers flag and the catalogs' server names.
import { loadConfigPlane } from "@mcpgw/registry";
import type { HomeLayout } from "@mcpgw/user-files";
import { Args, Flags } from "@oclif/core";
import { listFlag } from "./docker-flags.js";

/** The profile a command works on. */
export const profileArg = Args.string({ description: "the profile's name", required: true });

/** `--server S`, repeated or comma-separated. */
export function serverFlag(options: { required?: boolean; description: string }) {
  return Flags.string({ multiple: true, required: options.required ?? false, description: `${options.description} (repeat or comma-separate)` });
}

/** The servers `--server` gives, once each and in order. */
export function serversOf(values: readonly string[] | undefined): string[] {
  return [...new Set(listFlag(values) ?? [])];
}

/** The servers of the home's catalogs: what a profile may name. */
export async function catalogServers(home: HomeLayout): Promise<string[]> {
  return [...(await loadConfigPlane({ home })).catalog.byName.keys()];
}
