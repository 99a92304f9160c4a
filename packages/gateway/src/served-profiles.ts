// Which profiles a gateway serves, and what each lets its sessions see. `gateway run --profile
// NAME` serves that profile alone, in place of the registry; an HTTP gateway otherwise serves its
// registry at `/mcp` and every profile of its home at `/mcp/<profile>`, over one upstream pool.
import type { ProfileScope } from "@mcpgw/core";
import { definedOnly, formatDiagnostic } from "@mcpgw/core";
import type { ConfigFile, Profile } from "@mcpgw/registry";
import { listProfiles, loadProfile, mergeConfigValues } from "@mcpgw/registry";
import type { HomeLayout } from "@mcpgw/user-files";

/** The profiles served and the servers they need. */
export interface ServedProfiles {
  /** Profiles served at `/mcp/<name>`, by name. */
  scopes: Map<string, ProfileScope>;
  /** What sessions of no profile see; none: every server served. */
  defaultScope: ProfileScope | undefined;
  /** The servers to serve: the base ones, then those the profiles add, in order. */
  servers: string[];
  /** config.yaml with the profile's overrides (`--profile`), else as it was. */
  config: ConfigFile;
  warnings: string[];
  /** `--profile`: the profile's own defaults for `--dynamic-tools` and `--tool-budget`. */
  dynamicTools?: boolean;
  toolBudget?: number;
}

/** A profile's servers and tool patterns, and its own dynamic tools and budget, as the router scopes its sessions. */
export function scopeOf(profile: Pick<Profile, "servers" | "dynamicTools" | "toolBudget">): ProfileScope {
  const servers = Object.fromEntries(Object.entries(profile.servers).map(([server, entry]) => [server, entry.tools === undefined ? {} : { tools: entry.tools }]));
  const dynamicTools = definedOnly({ enabled: profile.dynamicTools, budget: profile.toolBudget });
  return { servers, ...(Object.keys(dynamicTools).length > 0 ? { dynamicTools } : {}) };
}

/**
 * `gateway run --profile NAME`: the profile's servers, with its config overrides over
 * config.yaml's values, and its tools for every session.
 */
export async function serveOneProfile(home: HomeLayout, name: string, config: ConfigFile): Promise<ServedProfiles> {
  const profile = await loadProfile(home, name);
  const overrides = Object.fromEntries(Object.entries(profile.servers).flatMap(([server, entry]) => (entry.config ? [[server, entry.config]] : [])));
  const merged = mergeConfigValues(config, overrides);
  return {
    scopes: new Map(),
    defaultScope: scopeOf(profile),
    servers: Object.keys(profile.servers),
    config: merged,
    warnings: profile.warnings.map(formatDiagnostic),
    ...definedOnly({ dynamicTools: profile.dynamicTools, toolBudget: profile.toolBudget }),
  };
}

/**
 * Every profile of the home beside the `base` servers (an HTTP gateway). A profile whose file is
 * broken is left out, with its problems as warnings; config overrides apply only with
 * `--profile` (all profiles share one server process per server), which a warning says.
 */
export async function serveEveryProfile(home: HomeLayout, base: readonly string[], config: ConfigFile): Promise<ServedProfiles> {
  const scopes = new Map<string, ProfileScope>();
  const warnings: string[] = [];
  const servers = [...base];
  for (const listing of await listProfiles(home)) {
    if (!listing.ok) {
      warnings.push(`profile ${listing.name} is not served: ${listing.errors.map(formatDiagnostic).join("; ")}`);
      continue;
    }
    const { profile } = listing;
    scopes.set(profile.name, scopeOf(profile));
    warnings.push(...profile.warnings.map(formatDiagnostic));
    for (const [server, entry] of Object.entries(profile.servers)) {
      if (!servers.includes(server)) servers.push(server);
      if (entry.config) warnings.push(`profile ${profile.name}: its config for ${server} applies only when it is served alone (gateway run --profile ${profile.name}); here ${server} runs with config.yaml's values`);
    }
  }
  // Sessions of no profile keep seeing the base servers only, when profiles add others.
  const added = servers.length > base.length;
  return { scopes, defaultScope: added ? { servers: Object.fromEntries(base.map((server) => [server, {}])) } : undefined, servers, config, warnings };
}
