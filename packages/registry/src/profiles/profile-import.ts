import type { LayeredCatalog } from "@mcpgw/catalog";
import type { Diagnostic } from "@mcpgw/core";
import type { Parsed } from "@mcpgw/user-files";
import { composeYamlSource } from "@mcpgw/user-files";
import type { DockerImport } from "./docker-working-set.js";
import { importDockerWorkingSet } from "./docker-working-set.js";
import type { ProfileContent } from "./profile-file.js";
import { parseProfile, profileContent } from "./profile-file.js";

/** A file `profile import` read: mcpgw's own profile, or Docker's with its mapping report. */
export type ProfileImport = { format: "mcpgw"; content: ProfileContent } | ({ format: "docker" } & DockerImport);

/**
 * Reads a profile to import, in either format: Docker's (`version:` and a `servers:` list) is
 * mapped onto the catalogs (see `importDockerWorkingSet`); mcpgw's is read as it is.
 */
export function readProfileImport(text: string, file: string, catalog: LayeredCatalog): Parsed<ProfileImport> {
  if (isDockerWorkingSet(text, file)) {
    const parsed = importDockerWorkingSet(text, catalog, file);
    return parsed.ok ? { ...parsed, value: { format: "docker", ...parsed.value } } : parsed;
  }
  const parsed = parseProfile(text, file);
  if (!parsed.ok) return parsed;
  const warnings: Diagnostic[] = parsed.warnings;
  return { ok: true, value: { format: "mcpgw", content: profileContent(parsed.value.value) }, warnings };
}

/** Docker's format has a `version:` and lists its servers; mcpgw's has neither. */
function isDockerWorkingSet(text: string, file: string): boolean {
  const { document } = composeYamlSource(text, file);
  if (document.errors.length > 0) return false;
  const value: unknown = document.toJS();
  if (typeof value !== "object" || value === null) return false;
  return "version" in value || Array.isArray((value as { servers?: unknown }).servers);
}
