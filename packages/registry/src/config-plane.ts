import type { Catalog, LayeredCatalog } from "@mcpgw/catalog";
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
  const parsedCatalogs = options.catalogFiles
    ? await Promise.all(options.catalogFiles.map((file) => loadCatalog(file)))
    : await createCatalogStore(home.catalogsDir).loadAll();
  const errors = parsedCatalogs.flatMap((p) => (p.ok ? [] : p.errors));
  if (errors.length > 0) throw invalidFileError(errors);
  const catalogs = parsedCatalogs.flatMap((p) => (p.ok ? [p.value] : []));
  const [registry, config, tools] = await Promise.all([
    loadRegistry(options.registryFile ?? home.registryFile),
    loadConfig(options.configFile ?? home.configFile),
    loadToolsSelection(options.toolsFile ?? home.toolsFile),
  ]);
  return {
    catalogs,
    catalog: layerCatalogs(catalogs),
    registry: registry.value,
    config: config.value,
    tools: tools.value,
    warnings: [...parsedCatalogs.flatMap((p) => p.warnings), ...registry.warnings, ...config.warnings, ...tools.warnings],
  };
}
