import { describe, expect, it } from "vitest";
import * as api from "./index.js";

describe("@mcpgw/registry public API", () => {
  it("exports exactly these runtime names (a new export is a deliberate act)", () => {
    expect(Object.keys(api).sort()).toEqual([
      "ConfigFileSchema",
      "allowsEngineSocket",
      "disableServers",
      "disableTools",
      "enableServers",
      "enableTools",
      "enabledServerNames",
      "enabledToolsFor",
      "loadConfig",
      "loadConfigPlane",
      "readPolicyFile",
      "resetConfig",
      "resetRegistry",
      "resolveServers",
      "writeConfig",
    ]);
  });
});
