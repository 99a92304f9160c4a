// --verify-signatures on a real engine and a real registry: the test image is pushed to a
// registry of the test's own, signed there in cosign's format, and run (or refused) by digest.
import { silentLogger } from "@mcpgw/core";
import type { TestRegistry } from "@mcpgw/test-images";
import { createCosignKeyPair, ensureTestImage, pushImage, signImage, startRegistry } from "@mcpgw/test-images";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DockerConnector } from "../docker-connector.js";
import { createDockerConnector } from "../docker-connector.js";
import { dockerSpec, pociSpec } from "../fixtures/specs.js";
import { LABELS } from "../instance.js";

const engine = new Docker();
const context = { logger: silentLogger };
const trusted = createCosignKeyPair();
const signatures = { keys: [{ pem: trusted.publicKeyPem, source: "--signature-key (file trusted.pub)" }] };
const connectors: DockerConnector[] = [];
const tags: string[] = [];
let registry: TestRegistry;
/** The everything image in the registry, by repository: `host/repo@digest`. */
const pushed = new Map<string, string>();

async function push(source: string, repository: string): Promise<{ reference: string; digest: string }> {
  const target = `${registry.host}/${repository}:1`;
  const { digest } = await pushImage(engine, source, target);
  tags.push(target);
  const reference = `${registry.host}/${repository}@${digest}`;
  pushed.set(repository, reference);
  return { reference, digest };
}

beforeAll(async () => {
  registry = await startRegistry();
  const everything = await ensureTestImage("everything");
  const signed = await push(everything, "mcp/signed");
  await signImage({ registryUrl: registry.url, repository: "mcp/signed", digest: signed.digest, key: trusted });
  await push(everything, "mcp/unsigned");
  const otherKey = await push(everything, "mcp/other-key");
  await signImage({ registryUrl: registry.url, repository: "mcp/other-key", digest: otherKey.digest, key: createCosignKeyPair() });
  const otherDigest = await push(everything, "mcp/other-digest");
  await signImage({ registryUrl: registry.url, repository: "mcp/other-digest", digest: otherDigest.digest, key: trusted, claims: { digest: `sha256:${"3".repeat(64)}` } });
}, 300_000);

afterAll(async () => {
  await Promise.all(connectors.map((c) => c.closeAll()));
  // Only the tags this test made; the test image itself stays for the other tests.
  for (const tag of tags) await engine.getImage(tag).remove().catch(() => undefined);
  await registry?.stop();
});

function connector(): DockerConnector {
  const created = createDockerConnector({ reapIntervalMs: false, stopGraceMs: 500, signatures });
  connectors.push(created);
  return created;
}

async function ours(runtime: DockerConnector): Promise<Docker.ContainerInfo[]> {
  return engine.listContainers({ all: true, filters: { label: [`${LABELS.gateway}=${runtime.instance.id}`] } });
}

describe("the Docker connector with signature verification", () => {
  it("runs an image signed by a trusted key: a real client calls its echo tool", async () => {
    const runtime = connector();
    const connection = await runtime.connect(dockerSpec("signed", pushed.get("mcp/signed")!), context);
    const client = new Client({ name: "signatures-test", version: "1.0.0" });
    await client.connect(connection.transport as Transport);
    const result = await client.callTool({ name: "echo", arguments: { message: "signed and running" } });
    expect(JSON.stringify(result.content)).toContain("signed and running");
    await connection.close();
  });

  it.each([
    ["an unsigned image", () => pushed.get("mcp/unsigned")!, "unsigned", "is not signed"],
    ["a signature by another key", () => pushed.get("mcp/other-key")!, "untrusted-key", "is signed, but by none of the trusted keys"],
    ["a trusted signature for another digest", () => pushed.get("mcp/other-digest")!, "digest-mismatch", `for another digest (sha256:${"3".repeat(64)})`],
    ["an image not pinned to a digest", () => `${registry.host}/mcp/signed:1`, "unpinned", "pin a digest"],
  ])("refuses %s and creates no container", async (_, image, reason, words) => {
    const runtime = connector();
    const error = await runtime.connect(dockerSpec("refused", image()), context).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "SIGNATURE_INVALID", data: { reason }, message: expect.stringContaining(words) });
    expect((error as Error).message).toMatch(/^server "refused": image /);
    expect(await ours(runtime)).toEqual([]);
  });

  it("checks a server's own catalog keys too", async () => {
    const runtime = createDockerConnector({ reapIntervalMs: false, stopGraceMs: 500, signatures: { keys: [] } });
    connectors.push(runtime);
    const spec = dockerSpec("signed", pushed.get("mcp/signed")!, { signatureKeys: [{ pem: trusted.publicKeyPem, source: 'catalog c.yaml, server "signed", signatureKeys' }] });
    const connection = await runtime.connect(spec, context);
    expect(connection.id).toBeTruthy();
    await connection.close();
    await expect(runtime.connect(dockerSpec("keyless", pushed.get("mcp/signed")!), context)).rejects.toMatchObject({ code: "CONFIG_MISSING" });
  });

  it("refuses a poci tool's unsigned image when it is called, and one-off containers (interceptors) before they run", async () => {
    const runtime = connector();
    const spec = pociSpec({ hello: { image: pushed.get("mcp/unsigned")!, command: [], volumes: [] } });
    const connection = await runtime.connect(spec, context);
    const client = new Client({ name: "signatures-test", version: "1.0.0" });
    await client.connect(connection.transport as unknown as Transport);
    await expect(client.callTool({ name: "hello", arguments: {} })).rejects.toThrow(/server "tools": image .* is not signed/);
    await connection.close();
    await expect(runtime.runContainer({ owner: "interceptor before:docker:x", image: pushed.get("mcp/other-key")!, command: [] })).rejects.toMatchObject({
      code: "SIGNATURE_INVALID",
      message: expect.stringMatching(/^interceptor before:docker:x: image .* is signed, but by none of the trusted keys/),
    });
    expect(await ours(runtime)).toEqual([]);
  });
});
