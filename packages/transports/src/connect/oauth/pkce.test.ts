import { describe, expect, it } from "vitest";
import { createPkce, createState, pkceChallenge } from "./pkce.js";

describe("PKCE", () => {
  it("computes the S256 challenge of RFC 7636's appendix B", () => {
    expect(pkceChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")).toBe("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  });

  it("makes a fresh verifier of allowed characters and length each time", () => {
    const a = createPkce();
    const b = createPkce();
    expect(a.verifier).toMatch(/^[A-Za-z0-9\-._~]{43,128}$/);
    expect(a.challenge).toBe(pkceChallenge(a.verifier));
    expect(a.method).toBe("S256");
    expect(a.verifier).not.toBe(b.verifier);
    expect(createState()).not.toBe(createState());
  });
});
