import { toolsFromEntry } from "@mcpgw/catalog";
import { didYouMean, ErrorCode, GatewayError } from "@mcpgw/core";
import type { ConfigPlane } from "@mcpgw/registry";
import { enabledServerNames } from "@mcpgw/registry";
import { Args, Flags } from "@oclif/core";

/** `tools enable|disable TOOL… [--server S]`, Docker's spelling. */
export const toolSelectionArgs = { tools: Args.string({ description: "tool names", required: true }) };
export const toolSelectionFlags = {
  server: Flags.string({ description: "the server that provides the tools (found from the catalogs when left out)" }),
};

/** The catalog's tool names of a server. */
export function catalogToolsOf(plane: ConfigPlane, server: string): string[] {
  const found = plane.catalog.byName.get(server);
  return found ? toolsFromEntry(found.entry).map((t) => t.name) : [];
}

/**
 * Groups tool names by the server that provides them: the one given, or else the one whose
 * catalog entry lists the tool (an enabled server first). Unknown or ambiguous names are errors,
 * all reported at once and before anything is written.
 */
export function toolsByServer(plane: ConfigPlane, tools: readonly string[], server: string | undefined): Map<string, string[]> {
  const problems: string[] = [];
  const byServer = new Map<string, string[]>();
  const add = (s: string, tool: string) => byServer.set(s, [...(byServer.get(s) ?? []), tool]);
  if (server !== undefined && !plane.catalog.byName.has(server)) {
    throw new GatewayError(ErrorCode.NOT_FOUND, `no server "${server}" in the catalogs.${didYouMean(server, plane.catalog.byName.keys())}`, {
      suggestion: "`mcpgw catalog show` lists the servers the catalogs offer.",
    });
  }
  const enabled = new Set(enabledServerNames(plane.registry));
  for (const tool of tools) {
    if (server !== undefined) {
      const known = catalogToolsOf(plane, server);
      if (known.includes(tool)) add(server, tool);
      else problems.push(`server "${server}" has no tool "${tool}" in its catalog entry.${didYouMean(tool, known)}`);
      continue;
    }
    const providers = [...plane.catalog.byName.keys()].filter((s) => catalogToolsOf(plane, s).includes(tool));
    const enabledProviders = providers.filter((s) => enabled.has(s));
    const candidates = enabledProviders.length > 0 ? enabledProviders : providers;
    if (candidates.length === 1) add(candidates[0]!, tool);
    else if (candidates.length === 0) {
      const all = [...plane.catalog.byName.keys()].flatMap((s) => catalogToolsOf(plane, s));
      problems.push(`no server in the catalogs has a tool "${tool}".${didYouMean(tool, all)}`);
    } else problems.push(`tool "${tool}" is provided by ${candidates.join(", ")}: say which with --server.`);
  }
  if (problems.length > 0) {
    throw new GatewayError(ErrorCode.NOT_FOUND, problems.join("\n"), { suggestion: "`mcpgw server inspect SERVER` lists a server's tools." });
  }
  return byServer;
}
