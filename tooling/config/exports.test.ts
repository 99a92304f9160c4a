import { describe, expect, it } from "vitest";
import * as eslint from "./eslint.js";
import * as testing from "./testing.js";
import * as vitest from "./vitest.js";

describe("@mcpgw/tooling public API", () => {
  it("exports exactly these names from each entry", () => {
    expect(Object.keys(eslint).sort()).toEqual(["defineEslintConfig"]);
    expect(Object.keys(testing).sort()).toEqual(["createTestCa", "freePort", "importCycles", "metricSample", "stablePort", "within"]);
    expect(Object.keys(vitest).sort()).toEqual(["defineProjectConfig"]);
  });
});
