import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Dockerode from "dockerode";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ErrorCode, GatewayError } from "@mcpgw/core";
import * as api from "./index.js";
import { ensureTestImage, removeTestImages } from "./ensure-test-image.js";

describe("public API", () => {
  it("exports exactly these names", () => {
    expect(Object.keys(api).sort()).toEqual([
      "START_ENGINE_COMMAND",
      "contentDigest",
      "createCosignKeyPair",
      "ensureBaseImage",
      "ensureServerImage",
      "ensureTestImage",
      "pushBlob",
      "pushEmptyImage",
      "pushFreshImage",
      "pushImage",
      "pushManifest",
      "signImage",
      "signPayload",
      "simpleSigningPayload",
      "startRegistry",
    ]);
  });
});

describe("without an engine", () => {
  let dir: string;
  let docker: Dockerode;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "test-images-"));
    docker = new Dockerode({ socketPath: join(dir, "docker.sock") });
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it("ensureTestImage says which socket it tried and how to start dockerd", async () => {
    const error = await ensureTestImage("node", { docker }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ code: ErrorCode.ENGINE_UNAVAILABLE });
    const message = (error as GatewayError).message;
    expect(message).toContain(join(dir, "docker.sock"));
    expect(message).toContain("dockerd --bridge=none --iptables=false");
  });

  it("removeTestImages fails the same way", async () => {
    await expect(removeTestImages({ docker })).rejects.toMatchObject({ code: ErrorCode.ENGINE_UNAVAILABLE });
  });
});

describe("ensureTestImage", () => {
  it("refuses a name it does not know, listing the known ones", async () => {
    // @ts-expect-error: not a TestImageName, as a JavaScript caller might pass
    const error = await ensureTestImage("nginx").catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.INVALID_ARGUMENT });
    expect((error as Error).message).toContain("everything");
  });
});
