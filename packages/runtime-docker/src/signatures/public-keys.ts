// Public keys that image signatures are checked against, in the kinds cosign makes: ECDSA
// (P-256 by default, P-384, P-521), Ed25519 and RSA, each a PEM `PUBLIC KEY` (SPKI) block.
import type { KeyObject } from "node:crypto";
import { constants, createHash, createPublicKey, verify } from "node:crypto";
import type { ErrorCode, SignatureKey } from "@mcpgw/core";
import { GatewayError } from "@mcpgw/core";

/** A key that signatures may be made with, ready to check them. */
export interface TrustedKey {
  key: KeyObject;
  /** Where it was given (a file, a flag, a catalog entry), for messages. */
  source: string;
  /** SHA-256 of its SPKI encoding, in hex: the same key given twice is one. */
  fingerprint: string;
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

/** The hashes cosign signs with for each curve: the curve's own (cosign 2.5 on), else SHA-256 (before). */
const CURVE_HASHES: Record<string, readonly string[]> = {
  prime256v1: ["sha256"],
  secp384r1: ["sha384", "sha256"],
  secp521r1: ["sha512", "sha256"],
};

/**
 * Parses signature keys: every PEM block of each must be a public key of a kind cosign signs
 * with. A problem names the key's source and what is wrong with it.
 * @throws GatewayError with `code` (INVALID_ARGUMENT by default) for a key that is not one.
 */
export function parseSignatureKeys(keys: readonly SignatureKey[], code: ErrorCode = "INVALID_ARGUMENT"): TrustedKey[] {
  const parsed = new Map<string, TrustedKey>();
  for (const { pem, source } of keys) {
    const blocks = [...pem.matchAll(PEM_BLOCK)];
    if (blocks.length === 0) throw keyError(code, source, "no PEM block; a public key starts with -----BEGIN PUBLIC KEY-----");
    for (const [block, type] of blocks) {
      if (type !== "PUBLIC KEY") {
        const hint = type!.includes("PRIVATE") ? ": give the public key (cosign.pub), never the private one" : type === "CERTIFICATE" ? ": give the public key, not a certificate" : "";
        throw keyError(code, source, `a ${type} block where a PUBLIC KEY was expected${hint}`);
      }
      let key: KeyObject;
      try {
        key = createPublicKey({ key: block, format: "pem" });
      } catch (error) {
        throw keyError(code, source, `not a readable public key (${(error as Error).message})`);
      }
      const problem = unsupported(key);
      if (problem) throw keyError(code, source, problem);
      const fingerprint = createHash("sha256").update(key.export({ type: "spki", format: "der" })).digest("hex");
      if (!parsed.has(fingerprint)) parsed.set(fingerprint, { key, source, fingerprint });
    }
  }
  return [...parsed.values()];
}

/** Why a key is of a kind cosign does not sign with; undefined when it is one. */
function unsupported(key: KeyObject): string | undefined {
  const type = key.asymmetricKeyType;
  if (type === "ed25519") return undefined;
  if (type === "ec") {
    const curve = key.asymmetricKeyDetails?.namedCurve ?? "unknown";
    return curve in CURVE_HASHES ? undefined : `an ECDSA key on curve ${curve}; cosign's curves are P-256, P-384 and P-521`;
  }
  if (type === "rsa") {
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    return bits >= 2048 ? undefined : `an RSA key of ${bits} bits; at least 2048 are needed`;
  }
  return `a ${type} key; signatures are checked with ECDSA, Ed25519 or RSA keys`;
}

/**
 * Whether `signature` is the key's signature over exactly these bytes, as cosign makes it:
 * ECDSA in ASN.1 DER over the curve's hash (or SHA-256), pure Ed25519, RSA PKCS #1 v1.5 or
 * PSS with SHA-256. A malformed signature is simply not a valid one.
 */
export function verifiesWith(trusted: TrustedKey, payload: Buffer, signature: Buffer): boolean {
  const { key } = trusted;
  const check = (hash: string | null, options: Record<string, unknown> = {}): boolean => {
    try {
      return verify(hash, payload, { key, ...options }, signature);
    } catch {
      return false;
    }
  };
  switch (key.asymmetricKeyType) {
    case "ed25519":
      return check(null);
    case "ec":
      return (CURVE_HASHES[key.asymmetricKeyDetails?.namedCurve ?? ""] ?? []).some((hash) => check(hash, { dsaEncoding: "der" }));
    case "rsa":
      return check("sha256", { padding: constants.RSA_PKCS1_PADDING }) || check("sha256", { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO });
    default:
      return false;
  }
}

function keyError(code: ErrorCode, source: string, what: string): GatewayError {
  return new GatewayError(code, `signature key from ${source}: ${what}`, { data: { source } });
}
