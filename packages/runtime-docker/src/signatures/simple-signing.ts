// cosign's signatures as a registry holds them: a manifest at the tag `sha256-<hex>.sig` of
// the image's repository, one layer per signature, each layer a "simple signing" payload
// (containers/image's format) with its signature in an annotation.
import { imageRepositoryKey, parseImageReference } from "@mcpgw/core";

/** The media type of a signature layer: its blob is the signed payload. */
export const SIMPLE_SIGNING_MEDIA_TYPE = "application/vnd.dev.cosign.simplesigning.v1+json";
/** The annotation holding the base64 signature over the layer's bytes. */
export const SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";
/** The annotation holding a keyless signature's leaf certificate (PEM). */
export const CERTIFICATE_ANNOTATION = "dev.sigstore.cosign/certificate";
/** The annotation holding the rest of its chain (PEM). */
export const CHAIN_ANNOTATION = "dev.sigstore.cosign/chain";
/** `critical.type` of an image signature. */
export const COSIGN_SIGNATURE_TYPE = "cosign container image signature";

/** The tag cosign stores an image's signatures at: `sha256:<hex>` → `sha256-<hex>.sig`. */
export function signatureTag(digest: string): string {
  return `${digest.replace(":", "-")}.sig`;
}

/** What a payload claims: which image (repository and manifest digest) it signs. */
export interface SimpleSigningClaims {
  type: string;
  dockerReference: string;
  dockerManifestDigest: string;
  optional: Record<string, unknown> | null;
}

/**
 * Reads a simple-signing payload:
 * `{"critical":{"identity":{"docker-reference":…},"image":{"docker-manifest-digest":…},"type":…},"optional":…}`.
 * Returns why not when the bytes are not one.
 */
export function parseSimpleSigning(payload: Buffer): SimpleSigningClaims | { malformed: string } {
  let json: { critical?: { identity?: { "docker-reference"?: unknown }; image?: { "docker-manifest-digest"?: unknown }; type?: unknown }; optional?: unknown };
  try {
    json = JSON.parse(payload.toString("utf8")) as typeof json;
  } catch {
    return { malformed: "the payload is not JSON" };
  }
  const critical = json?.critical;
  const dockerReference = critical?.identity?.["docker-reference"];
  const dockerManifestDigest = critical?.image?.["docker-manifest-digest"];
  if (typeof critical?.type !== "string" || typeof dockerReference !== "string" || typeof dockerManifestDigest !== "string") {
    return { malformed: "the payload lacks critical.type, critical.identity.docker-reference or critical.image.docker-manifest-digest" };
  }
  const optional = json.optional && typeof json.optional === "object" && !Array.isArray(json.optional) ? (json.optional as Record<string, unknown>) : null;
  return { type: critical.type, dockerReference, dockerManifestDigest, optional };
}

/**
 * Whether a payload's docker-reference names the repository `key` (see `imageRepositoryKey`):
 * cosign writes the repository without tag or digest, Docker Hub as `index.docker.io`; a tag or
 * digest there is ignored, and Docker Hub's spellings are one.
 */
export function referenceMatches(dockerReference: string, key: string): boolean {
  return parseImageReference(dockerReference) !== undefined && imageRepositoryKey(dockerReference) === key;
}
