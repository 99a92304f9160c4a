// `--verify-signatures`: before an image runs, its cosign signature is checked against the
// trusted public keys. See docs/signatures.md for what is checked and what is not.
import type { Logger, SignatureKey } from "@mcpgw/core";
import { ErrorCode, GatewayError, silentLogger } from "@mcpgw/core";
import type { KeylessPolicy } from "./certificates.js";
import type { VerifiedSignature } from "./check-signatures.js";
import { checkSignatures } from "./check-signatures.js";
import type { DistributionClientOptions } from "./distribution-client.js";
import { createDistributionClient } from "./distribution-client.js";
import { pinnedImage } from "./pinned-image.js";
import { parseSignatureKeys } from "./public-keys.js";

export { parseSignatureKeys } from "./public-keys.js";
export type { SignatureRefusal } from "./check-signatures.js";

/** How signatures are verified. */
export interface SignaturePolicy {
  /** Keys any image may be signed with (`--signature-key`, `MCPGW_SIGNATURE_KEYS`); a server's catalog keys join them for its images. */
  keys: readonly SignatureKey[];
  /**
   * Keyless signatures: certificates chaining to these roots and naming these identities.
   * Offline checks only (no Rekor, certificate validity taken at issuance): not offered to users
   * yet, see docs/signatures.md.
   */
  keyless?: KeylessPolicy;
  /** The registry client's limits. */
  registry?: DistributionClientOptions;
}

/** Checks images before they run; a verdict is kept for the verifier's life, a failure is not. */
export interface ImageVerifier {
  /**
   * Resolves when `image` is pinned to a digest and signed by one of the policy's keys or
   * `extraKeys` (a server's own). A refusal names `owner`.
   * @throws GatewayError `SIGNATURE_INVALID`, `CONFIG_MISSING` (no key), `CONFIG_INVALID` (a bad
   *   catalog key) or `IMAGE_UNAVAILABLE` (the registry cannot be read).
   */
  verify(image: string, owner: string, extraKeys?: readonly SignatureKey[]): Promise<void>;
}

/**
 * Creates the verifier the Docker connector uses under `--verify-signatures`.
 * @throws GatewayError `INVALID_ARGUMENT` when a policy key is not a usable public key.
 */
export function createImageVerifier(policy: SignaturePolicy, logger: Logger = silentLogger): ImageVerifier {
  const globalKeys = parseSignatureKeys(policy.keys);
  const client = createDistributionClient(policy.registry);
  const verdicts = new Map<string, Promise<VerifiedSignature>>();

  return {
    async verify(image, owner, extraKeys = []) {
      const pinned = pinnedImage(image);
      if ("unpinned" in pinned) {
        const how = pinned.unpinned === "not-sha256" ? "is pinned to a digest other than sha256" : "is not pinned to a digest";
        throw new GatewayError(ErrorCode.SIGNATURE_INVALID, `${owner}: image ${image} ${how}; signature verification needs one: pin a digest (${image.split("@")[0]}@sha256:…); it was not run`, {
          data: { image, reason: "unpinned" },
          suggestion: "write the image with the digest its registry reports, e.g. registry/repository:tag@sha256:<digest>",
        });
      }
      const keys = [...globalKeys, ...parseSignatureKeys(extraKeys, ErrorCode.CONFIG_INVALID)];
      if (keys.length === 0 && !policy.keyless) {
        throw new GatewayError(ErrorCode.CONFIG_MISSING, `${owner}: image ${image} cannot be verified: no signature key is trusted for it`, {
          data: { image },
          suggestion: "give the signer's public key with --signature-key, MCPGW_SIGNATURE_KEYS or the catalog entry's signatureKeys",
        });
      }
      // One verdict per digest, repository and set of keys: a server with keys of its own gets its own.
      const id = `${pinned.key}@${pinned.digest} ${keys.map((k) => k.fingerprint).sort().join(",")}`;
      let verdict = verdicts.get(id);
      if (!verdict) {
        verdict = checkSignatures(client, pinned, keys, policy.keyless);
        verdicts.set(id, verdict);
        verdict.then(
          (verified) => logger.info("image signature verified", { image, for: owner, key: verified.key.source, payload: verified.payload }),
          () => verdicts.delete(id),
        );
      }
      await verdict.catch((error: unknown) => {
        throw forOwner(owner, error);
      });
    },
  };
}

/** The same error, its message saying whose image it was (the verdict is shared by every owner of the image). */
function forOwner(owner: string, error: unknown): unknown {
  if (!(error instanceof GatewayError)) return error;
  return new GatewayError(error.code, `${owner}: ${error.message}`, { cause: error.cause, data: error.data, ...(error.suggestion ? { suggestion: error.suggestion } : {}) });
}
