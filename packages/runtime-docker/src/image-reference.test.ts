import { describe, expect, it } from "vitest";
import { carriesDigest, exactReference, readImageReference } from "./image-reference.js";

const DIGEST = `sha256:${"ab".repeat(32)}`;
const OTHER = `sha256:${"cd".repeat(32)}`;

describe("readImageReference", () => {
  it("takes a reference apart; a port's colon is not a tag's", () => {
    expect(readImageReference("mcp/everything")).toEqual({ name: "mcp/everything" });
    expect(readImageReference("mcp/everything:1")).toEqual({ name: "mcp/everything", tag: "1" });
    expect(readImageReference("127.0.0.1:5000/mcp/everything")).toEqual({ name: "127.0.0.1:5000/mcp/everything" });
    expect(readImageReference(`127.0.0.1:5000/mcp/everything@${DIGEST}`)).toEqual({ name: "127.0.0.1:5000/mcp/everything", digest: DIGEST });
    expect(readImageReference(`127.0.0.1:5000/mcp/everything:1@${DIGEST}`)).toEqual({ name: "127.0.0.1:5000/mcp/everything", tag: "1", digest: DIGEST });
  });

  it("refuses a digest that is not one, naming the image", () => {
    expect(() => readImageReference("mcp/everything@latest")).toThrow(/image mcp\/everything@latest: "latest" is not a digest/);
  });
});

describe("exactReference", () => {
  it("is repository@digest when a digest is pinned, the tag beside it dropped; else the reference as written", () => {
    const pinned = `127.0.0.1:5000/mcp/x:1@${DIGEST}`;
    expect(exactReference(pinned, readImageReference(pinned))).toBe(`127.0.0.1:5000/mcp/x@${DIGEST}`);
    expect(exactReference("mcp/x:1", readImageReference("mcp/x:1"))).toBe("mcp/x:1");
  });
});

describe("carriesDigest", () => {
  const pinned = (image: string) => readImageReference(image) as ReturnType<typeof readImageReference> & { digest: string };

  it("finds the repository and digest among the image's RepoDigests", () => {
    expect(carriesDigest([`127.0.0.1:5000/mcp/x@${DIGEST}`], pinned(`127.0.0.1:5000/mcp/x:1@${DIGEST}`))).toBe(true);
  });

  it("refuses another digest, or the same digest of another repository", () => {
    expect(carriesDigest([`127.0.0.1:5000/mcp/x@${OTHER}`], pinned(`127.0.0.1:5000/mcp/x@${DIGEST}`))).toBe(false);
    expect(carriesDigest([`127.0.0.1:5000/mcp/y@${DIGEST}`], pinned(`127.0.0.1:5000/mcp/x@${DIGEST}`))).toBe(false);
    expect(carriesDigest([], pinned(`127.0.0.1:5000/mcp/x@${DIGEST}`))).toBe(false);
  });

  it("compares Docker Hub's repositories as the engine writes them", () => {
    expect(carriesDigest([`mcp/x@${DIGEST}`], pinned(`docker.io/mcp/x@${DIGEST}`))).toBe(true);
    expect(carriesDigest([`ubuntu@${DIGEST}`], pinned(`docker.io/library/ubuntu@${DIGEST}`))).toBe(true);
  });
});
