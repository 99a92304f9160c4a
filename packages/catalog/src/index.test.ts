import { describe, expect, it } from "vitest";
import * as catalog from "./index.js";

describe("@mcpgw/catalog public API", () => {
  it("exports exactly these names (a new export is a deliberate act)", () => {
    expect(Object.keys(catalog).sort()).toEqual([
      "CATALOG_ALIASES",
      "DOCKER_CATALOG_URL",
      "createCatalogParseCache",
      "createCatalogStore",
      "fetchCatalog",
      "isCatalogName",
      "isCatalogUrl",
      "isProviderName",
      "layerCatalogs",
      "loadCatalog",
      "oauthProviders",
      "parseCatalog",
      "readCatalogSources",
      "serverType",
      "setCatalogSource",
      "toolsFromEntry",
    ]);
  });

  it("keeps the tool search at its own entry point, @mcpgw/catalog/search", async () => {
    const search = await import("./search/index.js");
    expect(Object.keys(search).sort()).toEqual(["createToolSearch", "serverDocumentsOf", "tokenize", "toolDocumentsOf"]);
  });
});
