import { describe, expect, it } from "vitest";
import * as api from "./index.js";

describe("@mcpgw/router public API", () => {
  it("exports exactly these runtime names", () => {
    expect(Object.keys(api).sort()).toEqual(["GATEWAY_TOOLS", "createCallLog", "createRouter", "listCacheKey", "runCall"]);
  });
});
