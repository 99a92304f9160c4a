// The keyless certificate path against a certificate authority made in the test with openssl.
import { X509Certificate } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SigningCa } from "../fixtures/signing-ca.js";
import { createSigningCa } from "../fixtures/signing-ca.js";
import { certificateIdentity, checkCertificate, extensionValue } from "./certificates.js";

const SUBJECT = "https://ci.example/acme/tool/.github/workflows/release.yml@refs/tags/v1";
const ISSUER = "https://token.actions.example";
let ca: SigningCa;

beforeAll(async () => {
  ca = await createSigningCa();
}, 60_000);
afterAll(() => ca?.close());

describe("keyless certificates", () => {
  it("reads the SAN and Fulcio's issuer extensions (v2 a DER string, v1 the raw string)", async () => {
    const { certificate } = await ca.leaf({ subject: SUBJECT, issuer: ISSUER });
    const leaf = new X509Certificate(certificate);
    expect(certificateIdentity(leaf)).toEqual({ subjects: [SUBJECT], issuer: ISSUER });
    expect(extensionValue(leaf.raw, "1.3.6.1.4.1.57264.1.1")?.toString("utf8")).toBe(ISSUER);
    expect(extensionValue(leaf.raw, "1.3.6.1.4.1.57264.1.9")).toBeUndefined();
  });

  it("accepts a code-signing leaf that chains through the intermediate to a trusted root and names an accepted identity", async () => {
    const { certificate } = await ca.leaf({ subject: SUBJECT, issuer: ISSUER });
    const checked = checkCertificate(certificate, ca.intermediate, { roots: [ca.root], identities: [{ issuer: ISSUER, subject: SUBJECT }] });
    expect(checked).toMatchObject({ identity: { subjects: [SUBJECT], issuer: ISSUER } });
  });

  it.each([
    ["another authority's root", { roots: () => [ca.otherRoot] }, "does not lead to a trusted root"],
    ["no intermediate to chain through", { chain: () => undefined }, "does not lead to a trusted root"],
    ["another subject", { identities: [{ issuer: ISSUER, subject: "https://ci.example/other" }] }, `names ${SUBJECT} from issuer ${ISSUER}, none of the accepted identities`],
    ["another issuer", { identities: [{ issuer: "https://accounts.example", subject: SUBJECT }] }, "none of the accepted identities"],
    ["a leaf that is not for code signing", { codeSigning: false }, "not for code signing"],
  ])("refuses %s", async (_, over, problem) => {
    const o = over as { roots?: () => string[]; chain?: () => string | undefined; identities?: { issuer: string; subject: string }[]; codeSigning?: boolean };
    const { certificate } = await ca.leaf({ subject: SUBJECT, issuer: ISSUER, codeSigning: o.codeSigning ?? true });
    const checked = checkCertificate(certificate, o.chain ? o.chain() : ca.intermediate, { roots: o.roots ? o.roots() : [ca.root], identities: o.identities ?? [{ issuer: ISSUER, subject: SUBJECT }] });
    expect(checked).toEqual({ problem: expect.stringContaining(problem) });
  });
});
