import { describe, expect, it } from "vitest";
import { parseChallenge } from "./distribution-client.js";
import { pinnedImage } from "./pinned-image.js";

const DIGEST = `sha256:${"0a".repeat(32)}`;

describe("pinnedImage: where an image pinned to a digest is read from", () => {
  it("a bare Docker Hub name is library/ on Docker Hub's API host, over HTTPS", () => {
    expect(pinnedImage(`ubuntu@${DIGEST}`)).toEqual({
      image: `ubuntu@${DIGEST}`,
      digest: DIGEST,
      registry: "registry-1.docker.io",
      baseUrl: "https://registry-1.docker.io",
      path: "library/ubuntu",
      key: "docker.io/library/ubuntu",
    });
  });

  it("docker.io, index.docker.io and no registry are all Docker Hub", () => {
    for (const image of [`mcp/github:1@${DIGEST}`, `docker.io/mcp/github@${DIGEST}`, `index.docker.io/mcp/github@${DIGEST}`]) {
      expect(pinnedImage(image)).toMatchObject({ registry: "registry-1.docker.io", path: "mcp/github", key: "docker.io/mcp/github" });
    }
  });

  it("loopback registries are plain HTTP, as the engine reaches them; others HTTPS", () => {
    expect(pinnedImage(`127.0.0.1:5000/mcp/echo:1@${DIGEST}`)).toMatchObject({ baseUrl: "http://127.0.0.1:5000", path: "mcp/echo", key: "127.0.0.1:5000/mcp/echo" });
    expect(pinnedImage(`localhost:5000/echo@${DIGEST}`)).toMatchObject({ baseUrl: "http://localhost:5000", path: "echo" });
    expect(pinnedImage(`[::1]:5000/echo@${DIGEST}`)).toMatchObject({ baseUrl: "http://[::1]:5000" });
    expect(pinnedImage(`ghcr.io/acme/tool@${DIGEST}`)).toMatchObject({ baseUrl: "https://ghcr.io", path: "acme/tool" });
    expect(pinnedImage(`127.example.com/acme/tool@${DIGEST}`)).toMatchObject({ baseUrl: "https://127.example.com" });
  });

  it("says why an image is not pinned", () => {
    expect(pinnedImage("mcp/echo:1")).toEqual({ unpinned: "no-digest" });
    expect(pinnedImage(`mcp/echo@sha512:${"ab".repeat(64)}`)).toEqual({ unpinned: "not-sha256" });
    expect(pinnedImage("Not An Image")).toEqual({ unpinned: "not-a-reference" });
  });
});

describe("parseChallenge", () => {
  it("reads a bearer challenge, as Docker Hub sends it", () => {
    expect(parseChallenge('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:mcp/x:pull"')).toEqual({
      realm: "https://auth.docker.io/token",
      service: "registry.docker.io",
      scope: "repository:mcp/x:pull",
    });
    expect(parseChallenge('bearer realm="http://127.0.0.1:9/token"')).toEqual({ realm: "http://127.0.0.1:9/token" });
  });

  it("takes no other scheme and no realm that is not an HTTP URL", () => {
    expect(parseChallenge('Basic realm="Registry Realm"')).toBeUndefined();
    expect(parseChallenge('Bearer realm="file:///etc/passwd"')).toBeUndefined();
    expect(parseChallenge(null)).toBeUndefined();
  });
});
