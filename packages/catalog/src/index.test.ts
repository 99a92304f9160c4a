import { describe, expect, it } from "vitest";
import * as catalog from "./index.js";

describe("@mcpgw/catalog public API", () => {
  it("exports exactly these names (a new export is a deliberate act)", () => {
    expect(Object.keys(catalog).sort()).toEqual([
      "createCatalogStore",
      "isCatalogName",
      "layerCatalogs",
      "loadCatalog",
      "parseCatalog",
      "serverType",
      "toolsFromEntry",
    ]);
  });
});
