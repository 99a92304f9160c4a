import { generateKeyPairSync, sign } from "node:crypto";
import type { CosignKeyKind } from "@mcpgw/test-images";
import { createCosignKeyPair, signPayload } from "@mcpgw/test-images";
import { describe, expect, it } from "vitest";
import { parseSignatureKeys, verifiesWith } from "./public-keys.js";

const payload = Buffer.from('{"critical":{}}');
const key = (pem: string, source = "--signature-key") => parseSignatureKeys([{ pem, source }]);

describe("parseSignatureKeys", () => {
  it.each<CosignKeyKind>(["ecdsa-p256", "ecdsa-p384", "ed25519", "rsa"])("takes a %s public key, and checks signatures made with it", (kind) => {
    const pair = createCosignKeyPair(kind);
    const [trusted] = key(pair.publicKeyPem);
    expect(trusted?.source).toBe("--signature-key");
    expect(verifiesWith(trusted!, payload, Buffer.from(signPayload(pair, payload), "base64"))).toBe(true);
    expect(verifiesWith(trusted!, Buffer.from(`${payload} `), Buffer.from(signPayload(pair, payload), "base64"))).toBe(false);
    expect(verifiesWith(trusted!, payload, Buffer.from(signPayload(createCosignKeyPair(kind), payload), "base64"))).toBe(false);
    expect(verifiesWith(trusted!, payload, Buffer.from("not a signature"))).toBe(false);
  });

  it("takes a P-384 signature over SHA-256 too, as cosign made them before 2.5", () => {
    const pair = createCosignKeyPair("ecdsa-p384");
    const [trusted] = key(pair.publicKeyPem);
    expect(verifiesWith(trusted!, payload, sign("sha256", payload, { key: pair.privateKey, dsaEncoding: "der" }))).toBe(true);
  });

  it("reads every key of a text with several, and the same key given twice is one", () => {
    const [a, b] = [createCosignKeyPair().publicKeyPem, createCosignKeyPair("ed25519").publicKeyPem];
    const keys = parseSignatureKeys([
      { pem: `${a}\n${b}`, source: "MCPGW_SIGNATURE_KEYS" },
      { pem: a, source: "--signature-key" },
    ]);
    expect(keys.map((k) => [k.key.asymmetricKeyType, k.source])).toEqual([
      ["ec", "MCPGW_SIGNATURE_KEYS"],
      ["ed25519", "MCPGW_SIGNATURE_KEYS"],
    ]);
  });

  it.each([
    ["text with no PEM block", "cosign.pub", "signature key from catalog c.yaml: no PEM block; a public key starts with -----BEGIN PUBLIC KEY-----"],
    ["a private key", generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString(), "a PRIVATE KEY block where a PUBLIC KEY was expected: give the public key (cosign.pub), never the private one"],
    ["cosign's encrypted private key", "-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\nabc\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n", "a ENCRYPTED SIGSTORE PRIVATE KEY block where a PUBLIC KEY was expected: give the public key"],
    ["a damaged key", "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQ\n-----END PUBLIC KEY-----\n", "not a readable public key"],
    ["a key on a curve cosign does not use", generateKeyPairSync("ec", { namedCurve: "secp256k1" }).publicKey.export({ type: "spki", format: "pem" }).toString(), "an ECDSA key on curve secp256k1"],
    ["a short RSA key", generateKeyPairSync("rsa", { modulusLength: 1024 }).publicKey.export({ type: "spki", format: "pem" }).toString(), "an RSA key of 1024 bits; at least 2048 are needed"],
    ["an X25519 key", generateKeyPairSync("x25519").publicKey.export({ type: "spki", format: "pem" }).toString(), "a x25519 key; signatures are checked with ECDSA, Ed25519 or RSA keys"],
  ])("refuses %s, naming where it was given", (_, pem, message) => {
    let error: unknown;
    try {
      parseSignatureKeys([{ pem, source: "catalog c.yaml" }], "CONFIG_INVALID");
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ code: "CONFIG_INVALID", message: expect.stringContaining(message), data: { source: "catalog c.yaml" } });
    expect((error as Error).message).toMatch(/^signature key from catalog c\.yaml: /);
  });
});
