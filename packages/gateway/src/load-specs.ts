import type { Logger, SecretValue, ServerSpec } from "@mcpgw/core";
import { definedOnly, ErrorCode, formatDiagnostic, GatewayError } from "@mcpgw/core";
import type { CatalogParseCache, LayeredCatalog } from "@mcpgw/catalog";
import type { HomeLayout } from "@mcpgw/user-files";
import { enabledServerNames, loadConfigPlane, resolveServers } from "@mcpgw/registry";
import { createSecretChain, DEFAULT_SECRETS_CHAIN, parseSecretsChain } from "@mcpgw/secrets";
import type { LoadedPolicy, PolicyReport } from "./load-policy.js";
import { loadPolicy } from "./load-policy.js";
import type { ServedProfiles } from "./served-profiles.js";
import { serveEveryProfile, serveOneProfile } from "./served-profiles.js";

/** What a load found: the servers it will serve and what is wrong with the others. */
export interface GatewayReport {
  /** What each server is; `image` for a Docker one, `commandLine` for an image given as a server (`--server IMAGE`). */
  servers: { name: string; kind: ServerSpec["kind"]; sharing: ServerSpec["sharing"]; image?: string; commandLine?: boolean }[];
  /** Servers left out, and why. */
  problems: { server: string; code: string; message: string; suggestion?: string }[];
  /** Unknown fields, optional secrets that are missing and the like: formatted, one per entry. */
  warnings: string[];
  /** The access policy, when a policy file is in use. */
  policy?: PolicyReport;
  /** The profiles served at `/mcp/<profile>` (an HTTP gateway). */
  profiles?: string[];
}

/** Which files are read and which of their servers are served. */
export interface SpecSelection {
  catalogs?: readonly string[] | undefined;
  registryFile?: string | undefined;
  configFile?: string | undefined;
  toolsFile?: string | undefined;
  /** Files layered after the others (`--additional-catalog` and the like). */
  additionalCatalogs?: readonly string[] | undefined;
  additionalRegistryFiles?: readonly string[] | undefined;
  additionalConfigFiles?: readonly string[] | undefined;
  additionalToolsFiles?: readonly string[] | undefined;
  policyFile?: string | undefined;
  servers?: readonly string[] | undefined;
  enableAllServers?: boolean | undefined;
  secrets?: string | undefined;
  longLived?: boolean | undefined;
  /** `--profile`: serve this profile alone, in place of the registry. */
  profile?: string | undefined;
  /** Serve every profile of the home beside the registry (an HTTP gateway). */
  serveProfiles?: boolean | undefined;
}

export interface LoadInput {
  home: HomeLayout;
  /** The options of createGateway that decide what is loaded (GatewayOptions has them all). */
  options: SpecSelection;
  env: NodeJS.ProcessEnv;
  cwd: string;
  logger: Logger;
  catalogParseCache?: CatalogParseCache;
}

/** Reads the config plane and resolves the servers to serve (`--servers`, all, or the registry's). */
export async function loadSpecs({
  home,
  options,
  env,
  cwd,
  logger,
  catalogParseCache,
}: LoadInput): Promise<{
  specs: ServerSpec[];
  report: GatewayReport;
  secretValues: SecretValue[];
  access: LoadedPolicy;
  profiles: ServedProfiles | undefined;
  catalog: LayeredCatalog;
  /** Resolves one more catalog server as these were (a session's mcp-add); throws its problem, saying what to set. */
  resolveServer(name: string): Promise<ServerSpec>;
}> {
  if (options.profile !== undefined && (options.servers?.length || options.enableAllServers)) {
    throw new GatewayError(ErrorCode.INVALID_ARGUMENT, "--profile chooses the servers itself: it cannot be combined with --servers or --enable-all-servers", { suggestion: "Add the servers to the profile (`mcpgw profile server add`), or drop --profile." });
  }
  const plane = await loadConfigPlane({
    home,
    ...definedOnly({ catalogParseCache }),
    ...definedOnly({ catalogFiles: options.catalogs }),
    ...(options.registryFile ? { registryFile: options.registryFile } : {}),
    ...(options.configFile ? { configFile: options.configFile } : {}),
    ...(options.toolsFile ? { toolsFile: options.toolsFile } : {}),
    ...definedOnly({
      additionalCatalogFiles: options.additionalCatalogs,
      additionalRegistryFiles: options.additionalRegistryFiles,
      additionalConfigFiles: options.additionalConfigFiles,
      additionalToolsFiles: options.additionalToolsFiles,
    }),
  });
  const names = options.servers?.length
    ? [...options.servers]
    : options.enableAllServers
      ? plane.catalog.servers.map((s) => s.name)
      : enabledServerNames(plane.registry);
  const chain = createSecretChain(
    await parseSecretsChain(options.secrets ?? DEFAULT_SECRETS_CHAIN, { home, env, cwd, onNotice: (message) => logger.info(message) }),
  );
  const profiles =
    options.profile !== undefined ? await serveOneProfile(home, options.profile, plane.config) : options.serveProfiles ? await serveEveryProfile(home, names, plane.config) : undefined;
  const resolution = await resolveServers({ ...plane, config: profiles?.config ?? plane.config, servers: profiles?.servers ?? names, secrets: chain, serversFrom: options.servers?.length ? "flag" : "registry" });
  const access = await loadPolicy({ file: options.policyFile ?? home.policyFile, explicit: options.policyFile !== undefined, secrets: chain });
  const specs = resolution.specs.map((spec) => (options.longLived ? { ...spec, longLived: true } : spec));
  const problems = resolution.errors.map(({ server, error }) => ({
    server,
    code: error.code,
    message: error.message,
    ...(error.suggestion ? { suggestion: error.suggestion } : {}),
  }));
  return {
    specs,
    // Static tokens are secrets too: the guard keeps them out of tool traffic.
    secretValues: [...specs.flatMap((s) => Object.values(s.secretEnv)), ...access.tokens.map((t) => t.value)],
    access,
    profiles,
    catalog: plane.catalog,
    resolveServer: async (name) => {
      const one = await resolveServers({ ...plane, config: profiles?.config ?? plane.config, servers: [name], secrets: chain, serversFrom: "flag" });
      const problem = one.errors[0];
      if (problem) throw problem.error;
      const spec = one.specs[0];
      if (!spec) throw new GatewayError(ErrorCode.NOT_FOUND, `no catalog has a server named ${name}`);
      return options.longLived ? { ...spec, longLived: true } : spec;
    },
    report: {
      servers: specs.map((s) => ({ name: s.name, kind: s.kind, sharing: s.sharing, ...(s.kind === "docker" ? { image: s.image } : {}), ...("commandLine" in s.source ? { commandLine: true } : {}) })),
      problems,
      warnings: [
        ...plane.warnings.map(formatDiagnostic),
        ...resolution.warnings.map(({ server, error }) => `${server}: ${error.message}`),
        ...specs.filter((s) => s.kind === "poci" && s.allowEngineSocket).map((s) => `${s.name}: its tool containers may mount the container engine's socket: they control the engine and the host`),
        ...access.warnings,
        ...(profiles?.warnings ?? []),
      ],
      ...definedOnly({ policy: access.report, profiles: profiles && [...profiles.scopes.keys()] }),
    },
  };
}
