import { describe, expect, it } from "vitest";
import * as api from "./index.js";

describe("@mcpgw/user-files public API", () => {
  it("exports exactly these runtime names (a new export is a deliberate act)", () => {
    expect(Object.keys(api).sort()).toEqual([
      "composeYamlSource",
      "diagnosticAt",
      "editUserFile",
      "formatFieldPath",
      "invalidFileError",
      "loadUserFile",
      "parseUserYaml",
      "readFileIfExists",
      "resolveHome",
      "updateFile",
      "withFileLock",
      "writeFileAtomic",
    ]);
  });
});
