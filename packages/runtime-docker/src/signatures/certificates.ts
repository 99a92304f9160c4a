// The certificate half of keyless (Fulcio) signatures, the part that runs offline: the leaf
// certificate cosign stores beside a signature chains to a trusted root, is for code signing,
// and names an expected identity (a SAN) and OIDC issuer (Fulcio's extension). What needs the
// internet (Rekor's inclusion proof and signed entry timestamp, the TUF-distributed roots) is
// not here: see docs/signatures.md.
import { X509Certificate } from "node:crypto";

/** Fulcio's OIDC issuer extensions: v2 (a DER UTF8String) and v1 (the raw string). */
const ISSUER_V2 = "1.3.6.1.4.1.57264.1.8";
const ISSUER_V1 = "1.3.6.1.4.1.57264.1.1";
const CODE_SIGNING = "1.3.6.1.5.5.7.3.3";
const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/** Who may sign keylessly: certificates chaining to `roots`, naming one of `identities`. */
export interface KeylessPolicy {
  /** PEM root certificates (Fulcio's, or a private CA's). */
  roots: readonly string[];
  /** Accepted signers: the certificate's OIDC issuer and one of its SANs (an email or a URI). */
  identities: readonly { issuer: string; subject: string }[];
}

/** What a certificate says about its signer. */
export interface CertificateIdentity {
  /** Its subject alternative names (emails, URIs), without their `email:`/`URI:` prefixes. */
  subjects: string[];
  /** Fulcio's OIDC issuer extension, when present. */
  issuer: string | undefined;
}

/** Reads every PEM certificate of a text. */
export function parseCertificates(pem: string): X509Certificate[] {
  return [...pem.matchAll(PEM_CERTIFICATE)].map(([block]) => new X509Certificate(block));
}

/**
 * Checks a signature's leaf certificate: it chains (through `chain`'s intermediates) to one of
 * the policy's roots, each issuer a CA valid when the leaf was issued; it is for code signing;
 * and its issuer and SANs match one of the policy's identities. Returns the leaf, or what is wrong.
 */
export function checkCertificate(leafPem: string, chainPem: string | undefined, policy: KeylessPolicy): { leaf: X509Certificate; identity: CertificateIdentity } | { problem: string } {
  let leaf: X509Certificate;
  let intermediates: X509Certificate[];
  let roots: X509Certificate[];
  try {
    [leaf] = parseCertificates(leafPem) as [X509Certificate];
    intermediates = parseCertificates(chainPem ?? "");
    roots = policy.roots.flatMap(parseCertificates);
  } catch (error) {
    return { problem: `a certificate cannot be read (${(error as Error).message})` };
  }
  if (!leaf) return { problem: "the certificate annotation holds no certificate" };
  const chained = chainToRoot(leaf, intermediates, roots);
  if (chained) return { problem: chained };
  if (!(leaf.keyUsage ?? []).includes(CODE_SIGNING)) return { problem: "the certificate is not for code signing" };
  const identity = certificateIdentity(leaf);
  const accepted = policy.identities.some((expected) => expected.issuer === identity.issuer && identity.subjects.includes(expected.subject));
  if (!accepted) return { problem: `the certificate names ${identity.subjects.join(", ") || "no subject"} from issuer ${identity.issuer ?? "(none)"}, none of the accepted identities` };
  return { leaf, identity };
}

/** Why `leaf` does not chain to a root; undefined when it does. Issuers are checked at the leaf's issuance, as cosign does. */
function chainToRoot(leaf: X509Certificate, intermediates: X509Certificate[], roots: X509Certificate[]): string | undefined {
  const at = new Date(leaf.validFrom);
  let current = leaf;
  for (let depth = 0; depth < 10; depth++) {
    const root = roots.find((candidate) => issues(candidate, current, at));
    if (root) return undefined;
    const next = intermediates.find((candidate) => candidate !== current && issues(candidate, current, at));
    if (!next) return `the certificate ${depth === 0 ? "" : "chain "}does not lead to a trusted root (issuer ${current.issuer.replace(/\n/g, ", ")})`;
    current = next;
  }
  return "the certificate chain is too long";
}

function issues(issuer: X509Certificate, subject: X509Certificate, at: Date): boolean {
  return issuer.ca && subject.checkIssued(issuer) && subject.verify(issuer.publicKey) && new Date(issuer.validFrom) <= at && at <= new Date(issuer.validTo);
}

/** The SANs and Fulcio issuer of a certificate. */
export function certificateIdentity(certificate: X509Certificate): CertificateIdentity {
  const subjects = (certificate.subjectAltName ?? "")
    .split(/,\s*/)
    .map((name) => /^(?:email|URI):(.*)$/.exec(name)?.[1])
    .filter((name): name is string => name !== undefined)
    .map((name) => name.replace(/^"(.*)"$/, "$1"));
  const v2 = extensionValue(certificate.raw, ISSUER_V2);
  const v1 = extensionValue(certificate.raw, ISSUER_V1);
  const issuer = v2 ? derString(v2) : v1?.toString("utf8");
  return { subjects, issuer };
}

// A minimal DER reader, enough to find one extension of a certificate:
// Certificate ::= SEQUENCE { tbsCertificate SEQUENCE { …, [3] EXPLICIT Extensions }, … }
// Extension ::= SEQUENCE { extnID OBJECT IDENTIFIER, critical BOOLEAN OPTIONAL, extnValue OCTET STRING }

interface Tlv {
  tag: number;
  value: Buffer;
  end: number;
}

function readTlv(der: Buffer, offset: number): Tlv {
  const tag = der[offset]!;
  let length = der[offset + 1]!;
  let start = offset + 2;
  if (length & 0x80) {
    const bytes = length & 0x7f;
    length = 0;
    for (let i = 0; i < bytes; i++) length = length * 256 + der[start + i]!;
    start += bytes;
  }
  if (start + length > der.length) throw new Error("truncated DER");
  return { tag, value: der.subarray(start, start + length), end: start + length };
}

function children(der: Buffer): Tlv[] {
  const items: Tlv[] = [];
  for (let offset = 0; offset < der.length; ) {
    const item = readTlv(der, offset);
    items.push(item);
    offset = item.end;
  }
  return items;
}

/** The contents of a certificate's extension `oid` (its extnValue's octets); undefined when absent. */
export function extensionValue(certificate: Buffer, oid: string): Buffer | undefined {
  try {
    const tbs = children(readTlv(certificate, 0).value)[0];
    const extensions = tbs && children(tbs.value).find((item) => item.tag === 0xa3);
    if (!extensions) return undefined;
    const wanted = encodeOid(oid);
    for (const extension of children(children(extensions.value)[0]?.value ?? Buffer.alloc(0))) {
      const [id, ...rest] = children(extension.value);
      if (id?.tag === 0x06 && id.value.equals(wanted)) return rest.find((item) => item.tag === 0x04)?.value;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** A DER string (UTF8String, PrintableString, IA5String) as text. */
function derString(der: Buffer): string | undefined {
  try {
    const item = readTlv(der, 0);
    return [0x0c, 0x13, 0x16].includes(item.tag) ? item.value.toString("utf8") : undefined;
  } catch {
    return undefined;
  }
}

function encodeOid(oid: string): Buffer {
  const [first = 0, second = 0, ...rest] = oid.split(".").map(Number);
  const bytes = [first * 40 + second];
  for (const arc of rest) {
    const base128 = [arc & 0x7f];
    for (let value = Math.floor(arc / 128); value > 0; value = Math.floor(value / 128)) base128.unshift((value & 0x7f) | 0x80);
    bytes.push(...base128);
  }
  return Buffer.from(bytes);
}
