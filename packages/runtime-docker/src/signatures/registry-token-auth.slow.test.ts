// The verifier against a registry with token authentication, as Docker Hub and most hosted
// registries have: Debian's docker-registry configured with `auth: token`, and a token server of
// the test's own that signs JWTs with a key certified by a CA made in the test (the registry
// checks them against that CA). Anonymous clients are sent to the token server by the
// registry's WWW-Authenticate challenge.
import { randomUUID, sign, X509Certificate } from "node:crypto";
import { once } from "node:events";
import { rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestRegistry } from "@mcpgw/test-images";
import { createCosignKeyPair, pushEmptyImage, signImage, startRegistry } from "@mcpgw/test-images";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SigningCa } from "../fixtures/signing-ca.js";
import { createSigningCa } from "../fixtures/signing-ca.js";
import { createImageVerifier } from "./index.js";

const SERVICE = "mcpgw-test-registry";
const ISSUER = "mcpgw-test-token-issuer";
const key = createCosignKeyPair();
const keys = [{ pem: key.publicKeyPem, source: "--signature-key" }];
/** What the token server was asked: service and scope of each request. */
const asked: { service: string | null; scope: string | null }[] = [];
let refuseTokens = false;
let ca: SigningCa;
let registry: TestRegistry;
let tokenServer: ReturnType<typeof createServer>;
const rootCertBundle = join(tmpdir(), `mcpgw-token-roots-${randomUUID()}.pem`);

const base64url = (value: Buffer | string) => Buffer.from(value).toString("base64url");
const der = (pem: string) => new X509Certificate(pem).raw.toString("base64");

beforeAll(async () => {
  ca = await createSigningCa();
  const signer = await ca.leaf({ subject: "https://tokens.test/", issuer: ISSUER });
  // A token for whatever the scope asks, as an anonymous pull token: what the registry grants is in `access`.
  tokenServer = createServer((request, response) => {
    const query = new URL(request.url ?? "/", "http://token.test").searchParams;
    asked.push({ service: query.get("service"), scope: query.get("scope") });
    if (refuseTokens) {
      response.writeHead(503).end();
      return;
    }
    const [type = "", name = "", actions = ""] = (query.get("scope") ?? "").split(":");
    const now = Math.floor(Date.now() / 1000);
    const header = base64url(JSON.stringify({ typ: "JWT", alg: "ES256", x5c: [der(signer.certificate), der(ca.intermediate)] }));
    const claims = base64url(JSON.stringify({ iss: ISSUER, sub: "", aud: SERVICE, exp: now + 300, nbf: now - 10, iat: now, jti: randomUUID(), access: [{ type, name, actions: actions.split(",") }] }));
    const signature = sign("sha256", Buffer.from(`${header}.${claims}`), { key: signer.key, dsaEncoding: "ieee-p1363" });
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ token: `${header}.${claims}.${base64url(signature)}` }));
  });
  tokenServer.listen(0, "127.0.0.1");
  await once(tokenServer, "listening");
  await writeFile(rootCertBundle, ca.root);
  const realm = `http://127.0.0.1:${(tokenServer.address() as AddressInfo).port}/token`;
  registry = await startRegistry({ tokenAuth: { realm, service: SERVICE, issuer: ISSUER, rootCertBundle } });
}, 120_000);

afterAll(async () => {
  await registry?.stop();
  tokenServer?.close();
  await ca?.close();
  await rm(rootCertBundle, { force: true });
});

describe("a registry with token authentication", () => {
  it("refuses anonymous requests: the API answers a bearer challenge", async () => {
    const response = await fetch(`${registry.url}/v2/mcp/echo/manifests/1`);
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer realm="http:\/\/127\.0\.0\.1:\d+\/token",service="mcpgw-test-registry",scope="repository:mcp\/echo:pull"/);
  });

  it("gives the verifier a pull token for the image's repository, and the signature is checked", async () => {
    const digest = await pushEmptyImage(registry.url, "mcp/echo", "1");
    await signImage({ registryUrl: registry.url, repository: "mcp/echo", digest, key });
    asked.length = 0;
    await createImageVerifier({ keys }).verify(`${registry.host}/mcp/echo:1@${digest}`, 'server "echo"');
    // One token serves every request of the verification.
    expect(asked).toEqual([{ service: SERVICE, scope: "repository:mcp/echo:pull" }]);
    const unsigned = await pushEmptyImage(registry.url, "mcp/unsigned", "1");
    await expect(createImageVerifier({ keys }).verify(`${registry.host}/mcp/unsigned@${unsigned}`, 'server "unsigned"')).rejects.toMatchObject({ code: "SIGNATURE_INVALID", data: { reason: "unsigned" } });
  });

  it("says so when no token can be had", async () => {
    const digest = await pushEmptyImage(registry.url, "mcp/no-token", "1");
    refuseTokens = true;
    try {
      await expect(createImageVerifier({ keys }).verify(`${registry.host}/mcp/no-token@${digest}`, 'server "x"')).rejects.toMatchObject({
        code: "IMAGE_UNAVAILABLE",
        message: expect.stringMatching(/^server "x": registry 127\.0\.0\.1:\d+, repository mcp\/no-token: a pull token from http:\/\/127\.0\.0\.1:\d+\/token: answered 503$/),
      });
    } finally {
      refuseTokens = false;
    }
  });
});
