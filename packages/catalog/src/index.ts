// Every export of this file is public API of @mcpgw/catalog: change it deliberately (a test
// pins the list).
export { serverType } from "./schema.js";
export type {
  CatalogFile,
  ConfigItem,
  EnvEntry,
  SecretEntry,
  ServerEntry,
  ServerType,
  ToolArgument,
  ToolEntry,
} from "./schema.js";
export { parseCatalog } from "./parse-catalog.js";
export type { Catalog } from "./parse-catalog.js";
export { loadCatalog } from "./load-catalog.js";
export type { LoadCatalogOptions } from "./load-catalog.js";
export { createCatalogParseCache } from "./parse-cache.js";
export type { CatalogParseCache } from "./parse-cache.js";
export { layerCatalogs } from "./layer-catalogs.js";
export type { LayeredCatalog, LayeredServer } from "./layer-catalogs.js";
export type { ImportOptions, ImportReport } from "./import-catalog.js";
export { isCatalogName } from "./catalog-name.js";
export { createCatalogStore } from "./catalog-store.js";
export type { CatalogListing, CatalogStore, WriteCatalogOptions } from "./catalog-store.js";
export { toolsFromEntry } from "./tools-from-entry.js";
export { isProviderName, oauthProviders } from "./oauth-providers.js";
export type { OAuthProvider } from "./oauth-providers.js";
export { CATALOG_ALIASES, DOCKER_CATALOG_URL, fetchCatalog, isCatalogUrl } from "./fetch-catalog.js";
export type { FetchCatalogOptions } from "./fetch-catalog.js";
export { readCatalogSources, setCatalogSource } from "./catalog-sources.js";
export type { CatalogSource } from "./catalog-sources.js";
// The tool search (`createToolSearch`) is its own entry point, `@mcpgw/catalog/search`: a gateway
// that offers no dynamic tools never loads it.
export type {
  FindServersOptions,
  FindToolsOptions,
  SearchableCatalog,
  ServerDocument,
  ServerMatch,
  ToolDocument,
  ToolMatch,
  ToolSearch,
} from "./search/index.js";
