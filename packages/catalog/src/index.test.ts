import { describe, expect, it } from "vitest";
import * as catalog from "./index.js";

describe("@mcpgw/catalog public API", () => {
  it("exports exactly these names (a new export is a deliberate act)", () => {
    expect(Object.keys(catalog).sort()).toEqual([
      "CATALOG_ALIASES",
      "DOCKER_CATALOG_URL",
      "createCatalogParseCache",
      "createCatalogStore",
      "createToolSearch",
      "fetchCatalog",
      "isCatalogName",
      "isCatalogUrl",
      "isProviderName",
      "layerCatalogs",
      "loadCatalog",
      "oauthProviders",
      "parseCatalog",
      "readCatalogSources",
      "serverDocumentsOf",
      "serverType",
      "setCatalogSource",
      "tokenize",
      "toolDocumentsOf",
      "toolsFromEntry",
    ]);
  });
});
