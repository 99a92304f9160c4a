import { describe, expect, it } from "vitest";
import { parseInterceptor } from "./parse-interceptor.js";

describe("parseInterceptor", () => {
  it("reads when:type:arg, keeping colons in the argument", () => {
    expect(parseInterceptor("after:http:http://127.0.0.1:9000/hook")).toEqual({ when: "after", type: "http", target: "http://127.0.0.1:9000/hook" });
    expect(parseInterceptor("before:exec:/bin/check --strict")).toEqual({ when: "before", type: "exec", target: "/bin/check --strict" });
  });

  it("reads a docker interceptor's image, which may hold a registry port, a tag and a digest, and its arguments as words", () => {
    const digest = `sha256:${"a".repeat(64)}`;
    expect(parseInterceptor(`before:docker:127.0.0.1:5000/acme/audit:1.2@${digest} -e 'console.log("x y")' --level="high"`)).toEqual({
      when: "before",
      type: "docker",
      target: `127.0.0.1:5000/acme/audit:1.2@${digest} -e 'console.log("x y")' --level="high"`,
      image: `127.0.0.1:5000/acme/audit:1.2@${digest}`,
      command: ["-e", 'console.log("x y")', "--level=high"],
    });
    expect(parseInterceptor("after:docker:alpine")).toEqual({ when: "after", type: "docker", target: "alpine", image: "alpine", command: [] });
  });

  it("refuses anything else with INVALID_ARGUMENT", () => {
    for (const text of ["during:exec:x", "before:ftp:x", "before:exec:", "before"]) {
      expect(() => parseInterceptor(text), text).toThrow(expect.objectContaining({ code: "INVALID_ARGUMENT" }));
    }
  });

  it("says what is wrong with a docker interceptor: no image, not an image, arguments that do not split", () => {
    expect(() => parseInterceptor("before:docker:")).toThrow(/names no image: write before:docker:IMAGE \[ARGS…\]/);
    expect(() => parseInterceptor("after:docker:   ")).toThrow(/names no image/);
    expect(() => parseInterceptor("before:docker:Acme/Audit run")).toThrow(/"Acme\/Audit" is not an image reference/);
    expect(() => parseInterceptor("before:docker:alpine echo 'open")).toThrow(/its arguments cannot be split into words: .* ends inside a '…' quote/);
  });
});
