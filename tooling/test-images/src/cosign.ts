// Signing images the way cosign does, for tests of signature verification against the real
// on-registry format: a simple-signing payload blob, an OCI config blob and a manifest at the
// tag `sha256-<hex>.sig` of the image's repository, the signature in the layer's annotation.
import type { KeyObject } from "node:crypto";
import { constants, generateKeyPairSync, sign } from "node:crypto";
import { contentDigest, fetchManifest, pushBlob, pushManifest } from "./registry-api.js";

const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
const OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
const SIMPLE_SIGNING = "application/vnd.dev.cosign.simplesigning.v1+json";
const SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";

/** The kinds of key cosign makes or takes. */
export type CosignKeyKind = "ecdsa-p256" | "ecdsa-p384" | "ed25519" | "rsa";

/** A signing key pair; `publicKeyPem` is what `cosign.pub` holds. */
export interface CosignKeyPair {
  kind: CosignKeyKind;
  privateKey: KeyObject;
  publicKeyPem: string;
}

/** A fresh key pair of `kind` (cosign's own is ECDSA P-256). */
export function createCosignKeyPair(kind: CosignKeyKind = "ecdsa-p256"): CosignKeyPair {
  const pair =
    kind === "ed25519"
      ? generateKeyPairSync("ed25519")
      : kind === "rsa"
        ? generateKeyPairSync("rsa", { modulusLength: 2048 })
        : generateKeyPairSync("ec", { namedCurve: kind === "ecdsa-p384" ? "secp384r1" : "prime256v1" });
  return { kind, privateKey: pair.privateKey, publicKeyPem: pair.publicKey.export({ type: "spki", format: "pem" }).toString() };
}

/**
 * cosign's payload for an image, byte for byte as it writes it (Go's JSON of its struct, keys in
 * this order): `docker-reference` is the repository without tag or digest.
 */
export function simpleSigningPayload(dockerReference: string, digest: string, optional: Record<string, unknown> | null = null): Buffer {
  return Buffer.from(
    JSON.stringify({
      critical: { identity: { "docker-reference": dockerReference }, image: { "docker-manifest-digest": digest }, type: "cosign container image signature" },
      optional,
    }),
  );
}

/** The base64 signature cosign makes over `payload`: ECDSA in DER over the curve's hash, pure Ed25519, RSA PKCS #1 v1.5 with SHA-256. */
export function signPayload(key: CosignKeyPair, payload: Buffer): string {
  const signature =
    key.kind === "ed25519"
      ? sign(null, payload, key.privateKey)
      : key.kind === "rsa"
        ? sign("sha256", payload, { key: key.privateKey, padding: constants.RSA_PKCS1_PADDING })
        : sign(key.kind === "ecdsa-p384" ? "sha384" : "sha256", payload, { key: key.privateKey, dsaEncoding: "der" });
  return signature.toString("base64");
}

/** What {@link signImage} signs and where. */
export interface SignImageOptions {
  /** The registry's API base, e.g. `http://127.0.0.1:41234`. */
  registryUrl: string;
  /** The repository in it, e.g. `mcp/echo`. */
  repository: string;
  /** The digest of the image's manifest: the signature is stored at its `.sig` tag. */
  digest: string;
  key: CosignKeyPair;
  /** What the payload claims; by default this image: `<registry host>/<repository>` and `digest`. */
  claims?: { dockerReference?: string; digest?: string };
  /** The payload to sign instead of the simple-signing one built from `claims`. */
  payload?: Buffer;
  /** More annotations of the signature layer, e.g. a keyless signature's `dev.sigstore.cosign/certificate` and `…/chain`. */
  annotations?: Record<string, string>;
}

/** What {@link signImage} stored. */
export interface SignedImage {
  /** `sha256-<hex>.sig`. */
  tag: string;
  /** The signature manifest's digest. */
  manifestDigest: string;
  /** The payload layer's digest. */
  payloadDigest: string;
}

/**
 * Signs an image the way `cosign sign --key` does and pushes the signature through the
 * registry's HTTP API. Like cosign, a signature joins those already at the tag.
 * @example
 * const key = createCosignKeyPair();
 * await signImage({ registryUrl: registry.url, repository: "mcp/echo", digest, key });
 */
export async function signImage(options: SignImageOptions): Promise<SignedImage> {
  const { registryUrl, repository, digest, key } = options;
  const host = new URL(registryUrl).host;
  const payload = options.payload ?? simpleSigningPayload(options.claims?.dockerReference ?? `${host}/${repository}`, options.claims?.digest ?? digest);
  const tag = `${digest.replace(":", "-")}.sig`;
  const payloadDigest = await pushBlob(registryUrl, repository, payload);
  const layer = { mediaType: SIMPLE_SIGNING, size: payload.length, digest: payloadDigest, annotations: { ...options.annotations, [SIGNATURE_ANNOTATION]: signPayload(key, payload) } };

  const existing = (await fetchManifest(registryUrl, repository, tag, OCI_MANIFEST)) as { layers?: { digest: string; annotations?: Record<string, string> }[] } | undefined;
  const layers = [...(existing?.layers ?? []).filter((l) => l.digest !== payloadDigest || l.annotations?.[SIGNATURE_ANNOTATION] !== layer.annotations[SIGNATURE_ANNOTATION]), layer];
  const config = Buffer.from(
    JSON.stringify({
      architecture: "",
      created: "0001-01-01T00:00:00Z",
      history: layers.map(() => ({ created: "0001-01-01T00:00:00Z" })),
      os: "",
      rootfs: { type: "layers", diff_ids: layers.map((l) => l.digest) },
      config: {},
    }),
  );
  const configDigest = await pushBlob(registryUrl, repository, config);
  const manifest = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: { mediaType: OCI_CONFIG, size: config.length, digest: configDigest }, layers }));
  const manifestDigest = await pushManifest(registryUrl, repository, tag, manifest, OCI_MANIFEST);
  return { tag, manifestDigest, payloadDigest };
}

/**
 * Pushes a minimal image (an OCI manifest of an empty config and no layers) to `repository` at
 * `tag`; resolves with its digest. For tests that read a registry without running the image.
 */
export async function pushEmptyImage(registryUrl: string, repository: string, tag: string): Promise<string> {
  const config = Buffer.from(JSON.stringify({ architecture: "amd64", os: "linux", rootfs: { type: "layers", diff_ids: [] }, config: {} }));
  const configDigest = await pushBlob(registryUrl, repository, config);
  const manifest = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: { mediaType: OCI_CONFIG, size: config.length, digest: configDigest }, layers: [] }));
  await pushManifest(registryUrl, repository, tag, manifest, OCI_MANIFEST);
  return contentDigest(manifest);
}
