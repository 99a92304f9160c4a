import type { LayeredServer, ServerEntry } from "@mcpgw/catalog";
import { serverType } from "@mcpgw/catalog";
import type { Diagnostic } from "@mcpgw/core";
import { formatDiagnostic } from "@mcpgw/core";

/** A one-line description of how a server runs: its image, command or URL. */
export function describeLaunch(entry: ServerEntry): string {
  switch (serverType(entry)) {
    case "server":
      return entry.image ?? "";
    case "process":
      return [entry.process?.command, ...(entry.process?.args ?? [])].join(" ");
    case "remote":
      return entry.remote?.url ?? entry.sseEndpoint ?? "";
    case "poci":
      return "tool containers";
  }
}

/** The JSON shape of a catalog entry in listings. */
export function serverListing(server: LayeredServer, enabled: ReadonlySet<string>) {
  return {
    name: server.name,
    type: serverType(server.entry),
    title: server.entry.title,
    description: server.entry.description,
    launch: describeLaunch(server.entry),
    enabled: enabled.has(server.name),
    catalog: server.source.catalog,
    file: server.source.file,
    shadows: server.shadows,
  };
}

/** Formatted warnings, one per line, for stderr. */
export function formatWarnings(warnings: readonly Diagnostic[]): string[] {
  return warnings.map(formatDiagnostic);
}
