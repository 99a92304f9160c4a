// The verifier against a real registry (Debian's docker-registry, started by the test) holding
// signatures in cosign's exact format, pushed through its HTTP API; no engine is needed.
import type { TestRegistry } from "@mcpgw/test-images";
import { createCosignKeyPair, pushEmptyImage, pushManifest, signImage, simpleSigningPayload, startRegistry } from "@mcpgw/test-images";
import { createPublicKey } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSigningCa } from "../fixtures/signing-ca.js";
import { createImageVerifier } from "./index.js";

let registry: TestRegistry;
const trusted = createCosignKeyPair();
const keys = [{ pem: trusted.publicKeyPem, source: "--signature-key (file trusted.pub)" }];
const owner = 'server "echo"';

beforeAll(async () => {
  registry = await startRegistry();
}, 120_000);
afterAll(() => registry?.stop());

/** A fresh image in its own repository of the test registry. */
async function image(repository: string): Promise<{ repository: string; digest: string; reference: string }> {
  const digest = await pushEmptyImage(registry.url, repository, "1");
  return { repository, digest, reference: `${registry.host}/${repository}:1@${digest}` };
}

describe("createImageVerifier on a real registry", () => {
  it("accepts an image signed by a trusted key, and keeps the verdict when the registry is gone", async () => {
    const own = await startRegistry();
    try {
      const digest = await pushEmptyImage(own.url, "mcp/echo", "1");
      await signImage({ registryUrl: own.url, repository: "mcp/echo", digest, key: trusted });
      const verifier = createImageVerifier({ keys });
      await verifier.verify(`${own.host}/mcp/echo@${digest}`, owner);
      await own.stop();
      await verifier.verify(`${own.host}/mcp/echo@${digest}`, owner);
      await expect(createImageVerifier({ keys }).verify(`${own.host}/mcp/echo@${digest}`, owner)).rejects.toMatchObject({ code: "IMAGE_UNAVAILABLE", message: expect.stringContaining("could not be reached") });
    } finally {
      await own.stop();
    }
  });

  it("accepts one good signature among others, and keys of the server's own", async () => {
    const { repository, digest, reference } = await image("mcp/several");
    const other = createCosignKeyPair("ed25519");
    await signImage({ registryUrl: registry.url, repository, digest, key: createCosignKeyPair() });
    await signImage({ registryUrl: registry.url, repository, digest, key: other });
    await expect(createImageVerifier({ keys }).verify(reference, owner)).rejects.toMatchObject({ code: "SIGNATURE_INVALID" });
    await createImageVerifier({ keys }).verify(reference, owner, [{ pem: other.publicKeyPem, source: "catalog c.yaml" }]);
    await createImageVerifier({ keys: [] }).verify(reference, owner, [{ pem: other.publicKeyPem, source: "catalog c.yaml" }]);
  });

  it("accepts an image index signed by its digest", async () => {
    const { repository, digest: child } = await image("mcp/multi");
    const index = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: "application/vnd.oci.image.index.v1+json",
        manifests: [{ mediaType: "application/vnd.oci.image.manifest.v1+json", digest: child, size: 1, platform: { architecture: "amd64", os: "linux" } }],
      }),
    );
    const digest = await pushManifest(registry.url, repository, "multi", index, "application/vnd.oci.image.index.v1+json");
    await signImage({ registryUrl: registry.url, repository, digest, key: trusted });
    await createImageVerifier({ keys }).verify(`${registry.host}/${repository}:multi@${digest}`, owner);
  });

  it("refuses an unsigned image", async () => {
    const { reference, repository, digest } = await image("mcp/unsigned");
    const error = await createImageVerifier({ keys }).verify(reference, owner).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "SIGNATURE_INVALID", data: { reason: "unsigned", digest } });
    expect((error as Error).message).toBe(
      `server "echo": image ${reference} is not signed: its registry has no cosign signature for ${registry.host}/${repository}@${digest} (no ${repository}:${digest.replace(":", "-")}.sig); it was not run`,
    );
  });

  it("refuses a signature by another key, naming the keys it tried", async () => {
    const { repository, digest, reference } = await image("mcp/other-key");
    await signImage({ registryUrl: registry.url, repository, digest, key: createCosignKeyPair() });
    const error = await createImageVerifier({ keys }).verify(reference, owner).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "SIGNATURE_INVALID", data: { reason: "untrusted-key" } });
    expect((error as Error).message).toBe(`server "echo": image ${reference} is signed, but by none of the trusted keys (1 signature checked against --signature-key (file trusted.pub)); it was not run`);
  });

  it("refuses a trusted key's signature over a payload for another digest", async () => {
    const { repository, digest, reference } = await image("mcp/other-digest");
    const elsewhere = `sha256:${"1".repeat(64)}`;
    await signImage({ registryUrl: registry.url, repository, digest, key: trusted, claims: { digest: elsewhere } });
    const error = await createImageVerifier({ keys }).verify(reference, owner).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "SIGNATURE_INVALID", data: { reason: "digest-mismatch" } });
    expect((error as Error).message).toBe(`server "echo": image ${reference} has a signature by a trusted key, but for another digest (${elsewhere}), not ${digest}; it was not run`);
  });

  it("refuses a trusted key's signature naming another repository", async () => {
    const { repository, digest, reference } = await image("mcp/other-repository");
    await signImage({ registryUrl: registry.url, repository, digest, key: trusted, claims: { dockerReference: `${registry.host}/mcp/elsewhere` } });
    const error = await createImageVerifier({ keys }).verify(reference, owner).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "SIGNATURE_INVALID", data: { reason: "reference-mismatch" } });
    expect((error as Error).message).toContain(`for another repository (${registry.host}/mcp/elsewhere), not ${registry.host}/${repository}`);
  });

  it("refuses a trusted key's signature over something that is no image signature", async () => {
    const { repository, digest, reference } = await image("mcp/other-type");
    const payload = Buffer.from(simpleSigningPayload(`${registry.host}/${repository}`, digest).toString().replace("cosign container image signature", "atomic container signature"));
    await signImage({ registryUrl: registry.url, repository, digest, key: trusted, payload });
    await expect(createImageVerifier({ keys }).verify(reference, owner)).rejects.toMatchObject({ code: "SIGNATURE_INVALID", data: { reason: "malformed" }, message: expect.stringContaining('its payload\'s type is "atomic container signature"') });
  });

  it("refuses an image not pinned to a digest before asking the registry anything", async () => {
    const error = await createImageVerifier({ keys }).verify("127.0.0.1:9/mcp/echo:1", owner).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "SIGNATURE_INVALID", data: { reason: "unpinned" } });
    expect((error as Error).message).toBe('server "echo": image 127.0.0.1:9/mcp/echo:1 is not pinned to a digest; signature verification needs one: pin a digest (127.0.0.1:9/mcp/echo:1@sha256:…); it was not run');
  });

  it("says when no key is trusted, and when the registry does not have the digest", async () => {
    const { reference } = await image("mcp/no-keys");
    await expect(createImageVerifier({ keys: [] }).verify(reference, owner)).rejects.toMatchObject({ code: "CONFIG_MISSING", suggestion: expect.stringContaining("--signature-key") });
    const missing = `${registry.host}/mcp/no-keys@sha256:${"2".repeat(64)}`;
    await expect(createImageVerifier({ keys }).verify(missing, owner)).rejects.toMatchObject({ code: "IMAGE_UNAVAILABLE", message: expect.stringContaining(`has no manifest sha256:${"2".repeat(64)}`) });
  });

  it("refuses a bad key at once, naming its source", () => {
    expect(() => createImageVerifier({ keys: [{ pem: "-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----", source: "MCPGW_SIGNATURE_KEYS" }] })).toThrow(
      "signature key from MCPGW_SIGNATURE_KEYS: a PRIVATE KEY block where a PUBLIC KEY was expected",
    );
  });

  it("with a keyless policy, accepts a signature whose certificate chains to its root and names its identity, and only that", async () => {
    const ca = await createSigningCa();
    try {
      const subject = "https://ci.example/acme/tool/.github/workflows/release.yml@refs/heads/main";
      const issuer = "https://token.actions.example";
      const { repository, digest, reference } = await image("mcp/keyless");
      const leaf = await ca.leaf({ subject, issuer });
      const signer = { kind: "ecdsa-p256" as const, privateKey: leaf.key, publicKeyPem: createPublicKey(leaf.key).export({ type: "spki", format: "pem" }).toString() };
      await signImage({ registryUrl: registry.url, repository, digest, key: signer, annotations: { "dev.sigstore.cosign/certificate": leaf.certificate, "dev.sigstore.cosign/chain": `${ca.intermediate}${ca.root}` } });
      await createImageVerifier({ keys: [], keyless: { roots: [ca.root], identities: [{ issuer, subject }] } }).verify(reference, owner);
      await expect(createImageVerifier({ keys: [], keyless: { roots: [ca.otherRoot], identities: [{ issuer, subject }] } }).verify(reference, owner)).rejects.toMatchObject({
        data: { reason: "untrusted-key" },
        message: expect.stringContaining("keyless: the certificate chain does not lead to a trusted root"),
      });
      await expect(createImageVerifier({ keys }).verify(reference, owner)).rejects.toMatchObject({ message: expect.stringContaining("1 of them keyless (a certificate, not a key)") });
    } finally {
      await ca.close();
    }
  });
});
