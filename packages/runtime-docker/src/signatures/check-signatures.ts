// The verdict on one pinned image: does its registry hold a cosign signature that a trusted key
// made over a payload naming this digest and this repository?
import { ErrorCode, GatewayError } from "@mcpgw/core";
import type { KeylessPolicy } from "./certificates.js";
import { checkCertificate } from "./certificates.js";
import type { Descriptor, DistributionClient } from "./distribution-client.js";
import type { PinnedImage } from "./pinned-image.js";
import type { TrustedKey } from "./public-keys.js";
import { verifiesWith } from "./public-keys.js";
import { CERTIFICATE_ANNOTATION, CHAIN_ANNOTATION, COSIGN_SIGNATURE_TYPE, parseSimpleSigning, referenceMatches, SIGNATURE_ANNOTATION, signatureTag, SIMPLE_SIGNING_MEDIA_TYPE } from "./simple-signing.js";

/** Why an image was refused, as `data.reason` of its SIGNATURE_INVALID error. */
export type SignatureRefusal = "unpinned" | "unsigned" | "untrusted-key" | "digest-mismatch" | "reference-mismatch" | "malformed";

/** What made an image acceptable. */
export interface VerifiedSignature {
  /** The trusted key that made the signature. */
  key: TrustedKey;
  /** The signature layer's digest (the payload's). */
  payload: string;
}

/** A signature that a trusted key made over a payload that does not fit this image. */
interface Mismatch {
  reason: "digest-mismatch" | "reference-mismatch" | "malformed";
  detail: string;
}

/**
 * Checks the signatures cosign stored for `image` (at `sha256-<hex>.sig` in its repository):
 * one is enough when a trusted key made it over the exact payload bytes, the payload is an
 * image signature, its `docker-manifest-digest` is the image's digest and its `docker-reference`
 * names the image's repository.
 * @throws GatewayError `SIGNATURE_INVALID` (with `data.reason`) when none is; `IMAGE_UNAVAILABLE`
 *   when the registry cannot be read or does not have the image.
 */
export async function checkSignatures(client: DistributionClient, image: PinnedImage, keys: readonly TrustedKey[], keyless?: KeylessPolicy): Promise<VerifiedSignature> {
  const name = `${image.registry}/${image.path}@${image.digest}`;
  const refuse = (reason: SignatureRefusal, what: string) =>
    new GatewayError(ErrorCode.SIGNATURE_INVALID, `image ${image.image} ${what}; it was not run`, { data: { image: image.image, digest: image.digest, reason } });

  if (!(await client.manifest(image, image.digest))) {
    throw new GatewayError(ErrorCode.IMAGE_UNAVAILABLE, `image ${image.image}: registry ${image.registry} has no manifest ${image.digest} in ${image.path}, so its signatures cannot be checked`, {
      data: { image: image.image, digest: image.digest },
    });
  }
  const tag = signatureTag(image.digest);
  const signatures = await client.manifest(image, tag);
  const layers = signatures?.layers.filter((layer) => layer.mediaType === SIMPLE_SIGNING_MEDIA_TYPE) ?? [];
  if (layers.length === 0) {
    throw refuse("unsigned", `is not signed: ${signatures ? `${image.registry}/${image.path}:${tag} holds no cosign signature` : `its registry has no cosign signature for ${name} (no ${image.path}:${tag})`}`);
  }

  const mismatches: Mismatch[] = [];
  const certificateProblems: string[] = [];
  let uncertified = 0;
  for (const layer of layers) {
    const signature = layer.annotations?.[SIGNATURE_ANNOTATION];
    if (!signature || !/^sha256:[0-9a-f]{64}$/.test(layer.digest)) continue;
    const payload = await client.blob(image, layer.digest);
    const bytes = Buffer.from(signature, "base64");
    const key = keys.find((candidate) => verifiesWith(candidate, payload, bytes)) ?? certifiedKey(layer, keyless, certificateProblems, payload, bytes);
    if (!key) {
      if (layer.annotations?.[CERTIFICATE_ANNOTATION]) uncertified++;
      continue;
    }
    const mismatch = claimsMismatch(payload, image);
    if (!mismatch) return { key, payload: layer.digest };
    mismatches.push(mismatch);
  }

  // A trusted key signed something, but not this image: that says more than "no key fits".
  const first = mismatches[0];
  if (first) throw refuse(first.reason, `has a signature by a trusted key, but ${first.detail}`);
  const against = [...keys.map((k) => k.source), ...(keyless ? ["the keyless roots and identities"] : [])].join("; ");
  const checked = `${layers.length} signature${layers.length === 1 ? "" : "s"} checked against ${against}`;
  const certificates =
    certificateProblems.length > 0
      ? `; keyless: ${certificateProblems[0]}`
      : uncertified > 0
        ? `; ${uncertified} of them keyless (a certificate, not a key): give the signer's public key instead`
        : "";
  throw refuse("untrusted-key", `is signed, but by none of the trusted keys (${checked}${certificates})`);
}

/** Why a payload a trusted key signed does not sign this image; undefined when it does. */
function claimsMismatch(payload: Buffer, image: PinnedImage): Mismatch | undefined {
  const claims = parseSimpleSigning(payload);
  if ("malformed" in claims) return { reason: "malformed", detail: claims.malformed };
  if (claims.type !== COSIGN_SIGNATURE_TYPE) return { reason: "malformed", detail: `its payload's type is "${claims.type}", not "${COSIGN_SIGNATURE_TYPE}"` };
  if (claims.dockerManifestDigest !== image.digest) return { reason: "digest-mismatch", detail: `for another digest (${claims.dockerManifestDigest}), not ${image.digest}` };
  if (!referenceMatches(claims.dockerReference, image.key)) return { reason: "reference-mismatch", detail: `for another repository (${claims.dockerReference}), not ${image.key}` };
  return undefined;
}

/**
 * The key of a keyless signature's certificate, when the policy accepts the certificate and the
 * signature verifies with it; a rejected certificate's problem is kept for the error.
 */
function certifiedKey(layer: Descriptor, policy: KeylessPolicy | undefined, problems: string[], payload: Buffer, signature: Buffer): TrustedKey | undefined {
  const certificate = layer.annotations?.[CERTIFICATE_ANNOTATION];
  if (!policy || !certificate) return undefined;
  const checked = checkCertificate(certificate, layer.annotations?.[CHAIN_ANNOTATION], policy);
  if ("problem" in checked) {
    problems.push(checked.problem);
    return undefined;
  }
  const { leaf, identity } = checked;
  const key = { key: leaf.publicKey, source: `the certificate of ${identity.subjects.join(", ")} (issuer ${identity.issuer})`, fingerprint: leaf.fingerprint256 };
  if (verifiesWith(key, payload, signature)) return key;
  problems.push(`the signature does not verify with its certificate's key (${key.source})`);
  return undefined;
}
