import { describe, expect, it } from "vitest";
import * as api from "./index.js";

describe("@mcpgw/clients public API", () => {
  it("exports exactly these runtime names (a new export is a deliberate act)", () => {
    expect(Object.keys(api).sort()).toEqual([
      "CLIENTS",
      "DOCKER_ENTRY",
      "GATEWAY_ENTRY",
      "appDataDir",
      "clientStatus",
      "clientTarget",
      "connectClient",
      "currentClientContext",
      "disconnectClient",
      "entryFor",
      "findClient",
      "genericShape",
      "xdgConfigDir",
    ]);
  });
});
