import { describe, expect, it } from "vitest";
import * as api from "./index.js";

describe("@mcpgw/registry public API", () => {
  it("exports exactly these runtime names (a new export is a deliberate act)", () => {
    expect(Object.keys(api).sort()).toEqual([
      "ConfigFileSchema",
      "addProfileServers",
      "allowsEngineSocket",
      "createProfile",
      "disableServers",
      "disableTools",
      "editProfileTools",
      "enableServers",
      "enableTools",
      "enabledServerNames",
      "enabledToolsFor",
      "exportProfile",
      "importDockerWorkingSet",
      "isProfileName",
      "listProfiles",
      "loadConfig",
      "loadConfigPlane",
      "loadProfile",
      "mergeConfigValues",
      "parseImageReference",
      "readPolicyFile",
      "readProfileImport",
      "readSignatureKeys",
      "removeProfile",
      "removeProfileServers",
      "resetConfig",
      "resetRegistry",
      "resolveServers",
      "writeConfig",
      "writeProfile",
    ]);
  });
});
