import { createHash } from "node:crypto";
import { simpleSigningPayload } from "@mcpgw/test-images";
import { describe, expect, it } from "vitest";
import { COSIGN_SIGNATURE_TYPE, parseSimpleSigning, referenceMatches, signatureTag } from "./simple-signing.js";
import { imageRepositoryKey } from "@mcpgw/core";

// A signature `cosign sign --key` (v1.13) pushed to Docker Hub: its payload layer's digest and size.
const COSIGN_DIGEST = "sha256:4c1c50d0ffc614f90b93b07d778028dc765548e823f676fb027f61d281ac380d";
const COSIGN_PAYLOAD_LAYER = { digest: "sha256:b671489ededd1a180bd87235bba00fd83354f9c7d13b71d9f8b66a8e52965ebc", size: 252 };

describe("cosign's simple-signing payload", () => {
  it("the test helper writes it byte for byte as cosign does", () => {
    const payload = simpleSigningPayload("index.docker.io/chihjenhuang/cosign1", COSIGN_DIGEST);
    expect(payload.length).toBe(COSIGN_PAYLOAD_LAYER.size);
    expect(`sha256:${createHash("sha256").update(payload).digest("hex")}`).toBe(COSIGN_PAYLOAD_LAYER.digest);
  });

  it("is read into its claims", () => {
    expect(parseSimpleSigning(simpleSigningPayload("index.docker.io/chihjenhuang/cosign1", COSIGN_DIGEST, { by: "ci" }))).toEqual({
      type: COSIGN_SIGNATURE_TYPE,
      dockerReference: "index.docker.io/chihjenhuang/cosign1",
      dockerManifestDigest: COSIGN_DIGEST,
      optional: { by: "ci" },
    });
  });

  it.each([
    ["not JSON", "{", "the payload is not JSON"],
    ["no critical part", "{}", "the payload lacks"],
    ["a digest that is no string", JSON.stringify({ critical: { identity: { "docker-reference": "a/b" }, image: { "docker-manifest-digest": 1 }, type: "t" } }), "the payload lacks"],
  ])("says why %s is no payload", (_, text, why) => {
    expect(parseSimpleSigning(Buffer.from(text))).toEqual({ malformed: expect.stringContaining(why) });
  });
});

describe("signatureTag", () => {
  it("is cosign's tag for a digest", () => {
    expect(signatureTag(COSIGN_DIGEST)).toBe("sha256-4c1c50d0ffc614f90b93b07d778028dc765548e823f676fb027f61d281ac380d.sig");
  });
});

describe("referenceMatches: a payload's docker-reference against the image's repository", () => {
  it.each([
    ["index.docker.io/library/ubuntu", "ubuntu"],
    ["index.docker.io/mcp/github", "docker.io/mcp/github:1"],
    ["docker.io/mcp/github", "mcp/github"],
    ["127.0.0.1:5000/mcp/echo", "127.0.0.1:5000/mcp/echo:1"],
    ["127.0.0.1:5000/mcp/echo:1", "127.0.0.1:5000/mcp/echo"],
    ["ghcr.io/acme/tool", `ghcr.io/acme/tool@${COSIGN_DIGEST}`],
  ])("%s names %s", (reference, image) => {
    expect(referenceMatches(reference, imageRepositoryKey(image))).toBe(true);
  });

  it.each([
    ["index.docker.io/library/ubuntu", "mcp/ubuntu"],
    ["127.0.0.1:5000/mcp/echo", "127.0.0.1:5001/mcp/echo"],
    ["ghcr.io/acme/tool", "ghcr.io/acme/tool2"],
    ["ghcr.io/acme", "ghcr.io/acme/tool"],
    ["not a reference!", "ghcr.io/acme/tool"],
  ])("%s does not name %s", (reference, image) => {
    expect(referenceMatches(reference, imageRepositoryKey(image))).toBe(false);
  });
});
