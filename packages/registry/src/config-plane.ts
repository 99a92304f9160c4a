import type { Catalog, CatalogParseCache, LayeredCatalog } from "@mcpgw/catalog";
import { createCatalogStore, layerCatalogs, loadCatalog } from "@mcpgw/catalog";
import type { Diagnostic } from "@mcpgw/core";
import type { HomeLayout } from "@mcpgw/user-files";
import { invalidFileError } from "@mcpgw/user-files";
import type { ConfigFile } from "./config-file.js";
import { loadConfig } from "./config-file.js";
import type { RegistryFile } from "./registry-file.js";
import { loadRegistry } from "./registry-file.js";
import type { ToolsFile } from "./tools-file.js";
import { loadToolsSelection } from "./tools-file.js";

export interface ConfigPlaneOptions {
  home: HomeLayout;
  /** Catalog files to use instead of the home's catalogs, layered in this order (`--catalog`). */
  catalogFiles?: readonly string[];
  /** Overrides of the home's files (`--registry`, `--config`, `--tools-config`). */
  registryFile?: string;
  configFile?: string;
  toolsFile?: string;
  /**
   * Files layered after those (Docker's `--additional-*`), in order, a later one winning: catalog
   * entries by server name, registry and tools entries by server, config values key by key.
   */
  additionalCatalogFiles?: readonly string[];
  additionalRegistryFiles?: readonly string[];
  additionalConfigFiles?: readonly string[];
  additionalToolsFiles?: readonly string[];
  /** Reuses earlier reads of unchanged catalogs (the gateway keeps one under its home's cache). */
  catalogParseCache?: CatalogParseCache;
}

/** Everything the user configured, read and checked: what resolution starts from. */
export interface ConfigPlane {
  catalogs: Catalog[];
  catalog: LayeredCatalog;
  registry: RegistryFile;
  config: ConfigFile;
  tools: ToolsFile;
  /** Unknown fields and the like, across all files. */
  warnings: Diagnostic[];
}

/**
 * Reads the catalogs (the home's, in file-name order, or the given files in order), the
 * registry, config and tool selection. A file that does not parse throws a GatewayError whose
 * diagnostics name every problem with file, line and field.
 */
export async function loadConfigPlane(options: ConfigPlaneOptions): Promise<ConfigPlane> {
  const { home } = options;
  const reading = options.catalogParseCache ? { parseCache: options.catalogParseCache } : {};
  const parsedCatalogs = [
    ...(options.catalogFiles
      ? await Promise.all(options.catalogFiles.map((file) => loadCatalog(file, reading)))
      : await createCatalogStore(home.catalogsDir, reading).loadAll()),
    ...(await Promise.all((options.additionalCatalogFiles ?? []).map((file) => loadCatalog(file, reading)))),
  ];
  const errors = parsedCatalogs.flatMap((p) => (p.ok ? [] : p.errors));
  if (errors.length > 0) throw invalidFileError(errors);
  const catalogs = parsedCatalogs.flatMap((p) => (p.ok ? [p.value] : []));
  const [registries, configs, tools] = await Promise.all([
    Promise.all([options.registryFile ?? home.registryFile, ...(options.additionalRegistryFiles ?? [])].map(loadRegistry)),
    Promise.all([options.configFile ?? home.configFile, ...(options.additionalConfigFiles ?? [])].map(loadConfig)),
    Promise.all([options.toolsFile ?? home.toolsFile, ...(options.additionalToolsFiles ?? [])].map(loadToolsSelection)),
  ]);
  const registry = registries.map((r) => r.value).reduce((a, b) => ({ ...a, ...b, registry: { ...a.registry, ...b.registry } }));
  return {
    catalogs,
    catalog: layerCatalogs(catalogs),
    registry,
    config: configs.map((c) => c.value).reduce(mergeValues),
    tools: tools.map((t) => t.value).reduce((a, b) => ({ ...a, ...b })),
    warnings: [...parsedCatalogs.flatMap((p) => p.warnings), ...[...registries, ...configs, ...tools].flatMap((f) => f.warnings)],
  };
}

/** Maps merge key by key; anything else in `over` replaces what `base` has. */
export function mergeValues(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    out[key] = isMap(current) && isMap(value) ? mergeValues(current, value) : value;
  }
  return out;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
