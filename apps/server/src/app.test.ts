import { describe, expect, it } from "vitest";
import * as api from "./app.js";

describe("public API", () => {
  it("exports exactly these names", () => {
    expect(Object.keys(api).sort()).toEqual([
      "DEFAULT_HOST",
      "DEFAULT_PORT",
      "SERVER_ENV",
      "createServerApp",
      "formatStartup",
      "formatStartupError",
      "healthUrl",
    ]);
  });

  it("documents every variable the app reads", () => {
    expect(Object.keys(api.SERVER_ENV)).toHaveLength(40);
    for (const [name, text] of Object.entries(api.SERVER_ENV)) expect(name, text).toMatch(/^MCPGW_[A-Z_]+$/);
  });
});
