// The test registry on the real engine: an image pushed through it is pulled back by digest.
import Dockerode from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureTestImage } from "./ensure-test-image.js";
import { pushImage, startRegistry, type TestRegistry } from "./registry.js";

const docker = new Dockerode();
let registry: TestRegistry;

beforeAll(async () => {
  registry = await startRegistry();
}, 120_000);
afterAll(() => registry?.stop());

describe("startRegistry", { timeout: 300_000 }, () => {
  it("serves the registry API on loopback, and the engine pushes to it and pulls from it by digest", async () => {
    expect((await fetch(`${registry.url}/v2/`)).status).toBe(200);
    const image = await ensureTestImage("node", { docker });
    const pushed = await pushImage(docker, image, `${registry.host}/test/node:1`);
    expect(pushed.digest).toMatch(/^sha256:[0-9a-f]{64}$/);

    const manifest = await fetch(`${registry.url}/v2/test/node/manifests/1`, { headers: { accept: "application/vnd.docker.distribution.manifest.v2+json" } });
    expect(manifest.headers.get("docker-content-digest")).toBe(pushed.digest);

    const byDigest = `${registry.host}/test/node@${pushed.digest}`;
    await docker.getImage(`${registry.host}/test/node:1`).remove();
    const stream = await docker.pull(byDigest);
    await new Promise((resolve, reject) => docker.modem.followProgress(stream, (error: Error | null) => (error ? reject(error) : resolve(undefined))));
    const inspected = await docker.getImage(byDigest).inspect();
    expect(inspected.RepoDigests).toContain(byDigest);
    await docker.getImage(inspected.Id).remove({ force: true }).catch(() => undefined);
  });
});
