// apps/server/Dockerfile built for real. Needs the real Docker engine, Debian's docker 20.10 CLI
// and, cold, the base image's needs (see node-base-image.slow.test.ts) and the npm registry.
// What the gateway in this image does is test/server/containerized-gateway.test.ts's concern.
import Dockerode from "dockerode";
import { beforeAll, describe, expect, it } from "vitest";
import { STAND_IN_LABEL } from "./node-base-image.js";
import { npmConfig } from "./npm-package.js";
import { ensureServerImage, NPM_CA_SECRET, type EnsuredServerImage } from "./server-image.js";

const docker = new Dockerode();
let server: EnsuredServerImage;
let image: Dockerode.ImageInspectInfo;

beforeAll(async () => {
  server = await ensureServerImage({ docker });
  image = await docker.getImage(server.reference).inspect();
}, 1_800_000);

describe("ensureServerImage", { timeout: 120_000 }, () => {
  it("tags the image by its inputs, reports its size, and reuses it once built", async () => {
    expect(server.reference).toMatch(/^mcpgw-test\/server:[0-9a-f]{16}$/);
    expect(server.size).toBe(image.Size);
    const again = await ensureServerImage({ docker });
    expect(again).toEqual({ ...server, built: false });
  });

  it("is the Dockerfile's runtime stage: user, entrypoint, health check, volume, port", () => {
    expect(image.Config).toMatchObject({
      User: "node",
      WorkingDir: "/app",
      Entrypoint: ["node", "dist/index.js"],
      Healthcheck: { Test: ["CMD", "node", "dist/healthcheck.js"] },
      Volumes: { "/data": {} },
      ExposedPorts: { "8811/tcp": {} },
    });
    expect(image.Config.Env).toEqual(expect.arrayContaining(["MCPGW_HOME=/data", "MCPGW_HOST=0.0.0.0", "NODE_ENV=production"]));
    // Labels pass from a base to what is built FROM it: a stand-in's says so in the image too.
    expect(image.Config.Labels?.[STAND_IN_LABEL] !== undefined).toBe(server.standInBase);
  });

  it("keeps the build's npm registry and CA bundle out of the image's config and history", async () => {
    const registry = await npmConfig("registry");
    const config = JSON.stringify(image.Config);
    const history = JSON.stringify(await docker.getImage(server.reference).history());
    for (const text of [config, history]) {
      expect(text).not.toContain("npm_config_registry");
      expect(text).not.toContain("NODE_EXTRA_CA_CERTS");
      expect(text).not.toContain(NPM_CA_SECRET);
      if (registry !== undefined) expect(text).not.toContain(registry);
    }
  });

  it("holds no CA bundle file of the build: /run/secrets is empty", async () => {
    const container = await docker.createContainer({
      Image: server.reference,
      Entrypoint: ["node", "-e", "process.stdout.write(JSON.stringify(require('node:fs').readdirSync('/run/secrets')))"],
      HostConfig: { NetworkMode: "none" },
    });
    try {
      await container.start();
      const { StatusCode } = (await container.wait()) as { StatusCode: number };
      const logs = (await container.logs({ stdout: true, follow: false })).subarray(8).toString("utf8");
      expect({ StatusCode, logs }).toEqual({ StatusCode: 0, logs: "[]" });
    } finally {
      await container.remove({ force: true });
    }
  });
});
