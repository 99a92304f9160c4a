import { describe, expect, it } from "vitest";
import * as catalog from "./index.js";

describe("@mcpgw/catalog public API", () => {
  it("exports exactly these names (a new export is a deliberate act)", () => {
    expect(Object.keys(catalog).sort()).toEqual([
      "CATALOG_NAME",
      "CatalogFileSchema",
      "ConfigItemSchema",
      "EnvEntrySchema",
      "OAuthSchema",
      "ProcessSchema",
      "RemoteSchema",
      "SERVER_NAME",
      "SERVER_TYPES",
      "SecretEntrySchema",
      "ServerEntrySchema",
      "ToolArgumentSchema",
      "ToolEntrySchema",
      "createCatalogStore",
      "importIntoCatalog",
      "isCatalogName",
      "layerCatalogs",
      "loadCatalog",
      "parseCatalog",
      "serverType",
      "toolsFromEntry",
    ]);
  });
});
