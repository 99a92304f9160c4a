import { describe, expect, it } from "vitest";
import * as api from "./index.js";

describe("@mcpgw/runtime-docker public API", () => {
  it("exports exactly these runtime names (a new export is a deliberate act)", () => {
    expect(Object.keys(api).sort()).toEqual([
      "createDockerConnector",
      "engineAddress",
      "parseSignatureKeys",
    ]);
  });
});
