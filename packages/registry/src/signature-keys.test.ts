import { generateKeyPairSync } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { layerCatalogs, parseCatalog } from "@mcpgw/catalog";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveServers } from "./resolve.js";
import { readSignatureKeys } from "./signature-keys.js";

const pem = generateKeyPairSync("ed25519").publicKey.export({ type: "spki", format: "pem" }).toString();
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "signature-keys-"));
  await writeFile(join(dir, "acme.pub"), pem);
  await writeFile(join(dir, "notes.txt"), "not a key\n");
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("readSignatureKeys", () => {
  const source = () => ({ from: "--signature-key", baseDir: dir, code: "INVALID_ARGUMENT" as const });

  it("takes PEM text as it is and reads files relative to the folder, each keeping where it came from", async () => {
    const keys = await readSignatureKeys([pem, "acme.pub"], source());
    expect(keys).toEqual([
      { pem, source: "--signature-key #1 (PEM text)" },
      { pem, source: `--signature-key #2 (file ${join(dir, "acme.pub")})` },
    ]);
  });

  it("names the flag and the file it cannot read, or that holds no key", async () => {
    await expect(readSignatureKeys(["missing.pub"], source())).rejects.toMatchObject({
      code: "INVALID_ARGUMENT",
      message: expect.stringMatching(new RegExp(`^--signature-key \\(file ${join(dir, "missing.pub")}\\): cannot read the key file: ENOENT`)),
    });
    await expect(readSignatureKeys(["notes.txt"], source())).rejects.toMatchObject({
      message: `--signature-key (file ${join(dir, "notes.txt")}): the file holds no PEM key; a public key starts with -----BEGIN PUBLIC KEY-----`,
    });
  });
});

describe("a catalog entry's signatureKeys", () => {
  const resolve = (yaml: string) => {
    const parsed = parseCatalog(yaml, join(dir, "cat.yaml"));
    if (!parsed.ok) throw new Error("the test catalog does not parse");
    return resolveServers({ catalog: layerCatalogs([parsed.value]), servers: ["signed"], config: {}, tools: {}, secrets: { resolve: async () => undefined } });
  };

  it("reach the spec, files read relative to the catalog's folder", async () => {
    const result = await resolve(`registry:\n  signed:\n    image: acme/signed@sha256:${"a".repeat(64)}\n    signatureKeys: [acme.pub]\n`);
    expect(result.errors).toEqual([]);
    expect(result.specs[0]?.signatureKeys).toEqual([{ pem, source: `catalog ${join(dir, "cat.yaml")}, server "signed", signatureKeys (file ${join(dir, "acme.pub")})` }]);
  });

  it("leave the server out, naming the catalog and the file, when a key file cannot be read", async () => {
    const result = await resolve(`registry:\n  signed:\n    image: acme/signed:1\n    signatureKeys: [gone.pub]\n`);
    expect(result.specs).toEqual([]);
    expect(result.errors[0]?.error).toMatchObject({ code: "CONFIG_INVALID", message: expect.stringContaining(`catalog ${join(dir, "cat.yaml")}, server "signed", signatureKeys (file ${join(dir, "gone.pub")})`) });
  });
});
