import { describe, expect, it } from "vitest";
import { parseInterceptor } from "./parse-interceptor.js";

describe("parseInterceptor", () => {
  it("reads when:type:arg, keeping colons in the argument", () => {
    expect(parseInterceptor("after:http:http://127.0.0.1:9000/hook")).toEqual({ when: "after", type: "http", target: "http://127.0.0.1:9000/hook" });
    expect(parseInterceptor("before:exec:/bin/check --strict")).toEqual({ when: "before", type: "exec", target: "/bin/check --strict" });
  });

  it("refuses anything else with INVALID_ARGUMENT", () => {
    for (const text of ["during:exec:x", "before:ftp:x", "before:exec:", "before"]) {
      expect(() => parseInterceptor(text), text).toThrow(expect.objectContaining({ code: "INVALID_ARGUMENT" }));
    }
  });
});
