import { describe, expect, it } from "vitest";
import * as api from "./index.js";

describe("@mcpgw/runtime-process public API", () => {
  it("exports exactly these names", () => {
    expect(Object.keys(api).sort()).toEqual(["createProcessConnector"]);
  });
});
