// `gateway run --verify-signatures`: server images pulled by digest from a registry of the
// test's own, one signed in cosign's exact format with a key made here, one not. A client of
// the real CLI (stdio) and of the server program (HTTP) calls both: the signed server's tool
// works, the unsigned one's call gets a JSON-RPC error naming the reason, and no container of
// it is created.
import { writeFile } from "node:fs/promises";
import Dockerode from "dockerode";
import type { CosignKeyPair, TestRegistry } from "@mcpgw/test-images";
import { createCosignKeyPair, ensureTestImage, pushImage, signImage, startRegistry } from "@mcpgw/test-images";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TempHome } from "../support/cli.js";
import { Cleanup, connectStdio, connectV1, failure, textOf } from "../support/clients.js";
import { containersOf, removeContainersOf } from "../support/docker.js";
import { startServerProgram } from "../support/server-program.js";
import { everythingContainer, writeHome } from "../support/servers.js";

/** SIGNATURE_INVALID on the wire (core's JSON-RPC table). */
const SIGNATURE_INVALID = -32009;

const engine = new Dockerode();
const tags: string[] = [];
let registry: TestRegistry;
let key: CosignKeyPair;
let signed: string;
let unsigned: string;

beforeAll(async () => {
  registry = await startRegistry();
  key = createCosignKeyPair();
  const everything = await ensureTestImage("everything");
  for (const repository of ["mcp/signed", "mcp/unsigned"]) {
    const target = `${registry.host}/${repository}:1`;
    const { digest } = await pushImage(engine, everything, target);
    tags.push(target);
    // Pinned with tag and digest, as catalogs write them.
    const reference = `${target}@${digest}`;
    if (repository === "mcp/signed") {
      await signImage({ registryUrl: registry.url, repository, digest, key });
      signed = reference;
    } else {
      unsigned = reference;
    }
  }
}, 300_000);

afterAll(async () => {
  for (const tag of tags) await engine.getImage(tag).remove().catch(() => undefined);
  await registry?.stop();
});

/**
 * A home serving the signed and the unsigned image, each with a catalog tool so listing starts
 * neither. Both images are server-everything: once the signed one has run, its own list has
 * both tools, so each server is held to its own with TOOLS (else their names would collide).
 */
const TOOLS = ["signed:echo", "unsigned:get-sum"];
async function signedHome(over: Record<string, unknown> = {}): Promise<TempHome> {
  const home = await TempHome.create();
  await writeHome(home, {
    signed: everythingContainer(signed, { tools: [{ name: "echo", description: "Echoes", arguments: [{ name: "message", type: "string" }] }], ...over }),
    unsigned: everythingContainer(unsigned, { tools: [{ name: "get-sum", description: "Adds", arguments: [{ name: "a", type: "number" }, { name: "b", type: "number" }] }] }),
  });
  return home;
}

describe("gateway run --verify-signatures", () => {
  it("serves the signed server's tool and refuses the unsigned one's call with the reason, starting no container for it", async () => {
    await using home = await signedHome();
    await writeFile(home.path("cosign.pub"), key.publicKeyPem);
    await using cleanup = new Cleanup();
    const { client, transport, stderr } = await connectStdio(home, ["--verify-signatures", "--signature-key", home.path("cosign.pub"), "--tools", TOOLS.join(",")]);
    const pid = transport.pid!;
    cleanup.defer(() => removeContainersOf(pid));
    cleanup.add(client);

    expect(textOf(await client.callTool({ name: "echo", arguments: { message: "verified" } }))).toBe("Echo: verified");
    expect(await containersOf(pid)).toHaveLength(1);

    const refused = await failure(client.callTool({ name: "get-sum", arguments: { a: 1, b: 2 } }));
    expect(refused.code).toBe(SIGNATURE_INVALID);
    expect(refused.message).toContain(`server "unsigned": image ${unsigned} is not signed`);
    expect(await containersOf(pid)).toHaveLength(1);
    expect(stderr()).toContain(`image signature verified image=${signed} `);
  });

  it("takes the key from the catalog entry, and without any key refuses every image", async () => {
    await using home = await signedHome({ signatureKeys: ["../cosign.pub"] });
    await writeFile(home.path("cosign.pub"), key.publicKeyPem);
    await using cleanup = new Cleanup();
    const { client, transport } = await connectStdio(home, ["--verify-signatures", "--tools", TOOLS.join(",")]);
    cleanup.defer(() => removeContainersOf(transport.pid!));
    cleanup.add(client);
    expect(textOf(await client.callTool({ name: "echo", arguments: { message: "catalog key" } }))).toBe("Echo: catalog key");
    const refused = await failure(client.callTool({ name: "get-sum", arguments: { a: 1, b: 2 } }));
    expect(refused.message).toContain(`server "unsigned": image ${unsigned} cannot be verified: no signature key is trusted for it`);
  });

  it("stops at start, naming the flag and the file, when a key is not a public key", async () => {
    await using home = await signedHome();
    await writeFile(home.path("cosign.key"), key.privateKey.export({ type: "pkcs8", format: "pem" }).toString());
    const run = await home.run(["gateway", "run", "--dry-run", "--verify-signatures", "--signature-key", home.path("cosign.key")]);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain(`signature key from --signature-key (file ${home.path("cosign.key")}): a PRIVATE KEY block where a PUBLIC KEY was expected`);
  });

  it("in the server program: MCPGW_VERIFY_SIGNATURES with the key's PEM text in MCPGW_SIGNATURE_KEYS", async () => {
    await using home = await signedHome();
    await using cleanup = new Cleanup();
    const env = { MCPGW_HOME: home.root, MCPGW_PORT: "0", MCPGW_AUTH_TOKEN: "signatures-test-token", MCPGW_VERIFY_SIGNATURES: "true", MCPGW_SIGNATURE_KEYS: key.publicKeyPem, MCPGW_TOOLS: TOOLS.join(",") };
    const { url, child } = await startServerProgram(env, cleanup);
    const { client } = await connectV1({ url, headers: { Authorization: "Bearer signatures-test-token" } });
    cleanup.add(client);
    expect(textOf(await client.callTool({ name: "echo", arguments: { message: "over HTTP" } }))).toBe("Echo: over HTTP");
    const refused = await failure(client.callTool({ name: "get-sum", arguments: { a: 1, b: 2 } }));
    expect(refused.code).toBe(SIGNATURE_INVALID);
    expect(refused.message).toContain("is not signed");
    expect(await containersOf(child.pid!)).toHaveLength(1);
  });
});
