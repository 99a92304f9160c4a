import { describe, expect, it } from "vitest";
import * as api from "./index.js";

describe("@mcpgw/runtime-kernel public API", () => {
  it("exports exactly these runtime names (a new export is a deliberate act)", () => {
    expect(Object.keys(api).sort()).toEqual([
      "LineSplitter",
      "ServerLifecycle",
      "SupervisedTransport",
      "classifyAddress",
      "isLoopback",
      "onShutdown",
    ]);
  });
});
