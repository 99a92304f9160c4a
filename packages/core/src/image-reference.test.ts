import { describe, expect, it } from "vitest";
import { imageRepositoryKey, parseImageReference } from "./image-reference.js";

const DIGEST = `sha256:${"ab12".repeat(16)}`;

describe("parseImageReference", () => {
  it("splits the forms the engine takes", () => {
    expect(parseImageReference("mcpgw-test/everything:0bb89c5f")).toEqual({ path: "mcpgw-test/everything", tag: "0bb89c5f" });
    expect(parseImageReference("docker.io/namespace/repository:latest")).toEqual({ domain: "docker.io", path: "namespace/repository", tag: "latest" });
    expect(parseImageReference("registry:5000/a/b")).toEqual({ domain: "registry:5000", path: "a/b" });
    expect(parseImageReference("localhost/x")).toEqual({ domain: "localhost", path: "x" });
    expect(parseImageReference(`127.0.0.1:5000/mcp/x:1.0@${DIGEST}`)).toEqual({ domain: "127.0.0.1:5000", path: "mcp/x", tag: "1.0", digest: DIGEST });
    expect(parseImageReference("busybox")).toEqual({ path: "busybox" });
  });

  it.each(["Foo/Bar:1", "mcp/Everything", "mcp//x", "mcp/x:", ":tag", "mcp/x@sha256:short", "a/b:5000/c", "mcp/x y", "-x/y", "mcp/x:-bad"])("refuses %s", (value) => {
    expect(parseImageReference(value)).toBeUndefined();
  });
});

describe("imageRepositoryKey", () => {
  it("compares images by repository, whatever their tag, digest or Docker Hub spelling", () => {
    expect(imageRepositoryKey("mcp/fetch")).toBe("docker.io/mcp/fetch");
    expect(imageRepositoryKey("docker.io/mcp/fetch:1@sha256:" + "0".repeat(64))).toBe("docker.io/mcp/fetch");
    expect(imageRepositoryKey("alpine:3")).toBe(imageRepositoryKey("docker.io/library/alpine"));
    expect(imageRepositoryKey("ghcr.io/github/github-mcp-server:v1")).toBe("ghcr.io/github/github-mcp-server");
    expect(imageRepositoryKey("127.0.0.1:5000/team/tool@sha256:" + "1".repeat(64))).toBe("127.0.0.1:5000/team/tool");
  });
});
