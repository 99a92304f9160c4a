import { describe, expect, it } from "vitest";
import { binPath, npmErrorSummary } from "./npm-package.js";

describe("npmErrorSummary", () => {
  it("keeps the lines that say why and drops the stack and log pointer", () => {
    const output = [
      "npm error code ECONNREFUSED",
      "npm error FetchError: request to http://127.0.0.1:9/x failed",
      "npm error     at ClientRequest.<anonymous> (/usr/lib/node_modules/npm/index.js:1:1)",
      "npm error",
      "npm error A complete log of this run can be found in: /root/.npm/_logs/x.log",
    ].join("\n");
    expect(npmErrorSummary(output)).toBe("npm error code ECONNREFUSED\nnpm error FetchError: request to http://127.0.0.1:9/x failed");
  });
});

describe("binPath", () => {
  it("finds a named bin, or the only one", () => {
    expect(binPath({ name: "a", version: "1", bin: { a: "./dist/index.js" } }, "a")).toBe("dist/index.js");
    expect(binPath({ name: "a", version: "1", bin: "cli.js" }, "whatever")).toBe("cli.js");
    expect(() => binPath({ name: "a", version: "1" }, "a")).toThrow(/no bin named a/);
  });
});
