import { describe, expect, it } from "vitest";
import * as api from "./index.js";

describe("@mcpgw/transports public API", () => {
  it("exports exactly these runtime names", () => {
    expect(Object.keys(api).sort()).toEqual(["checkRemoteUrl", "createRemoteConnector"]);
  });

  it("offers a connector for remote servers only", () => {
    expect(api.createRemoteConnector().kinds).toEqual(["remote"]);
  });
});
