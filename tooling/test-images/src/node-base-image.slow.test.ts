// Needs the real Docker engine; cold (no node:20-bookworm-slim in it), also root, debootstrap and
// a Debian mirror, as .ci/run provides.
import { PassThrough } from "node:stream";
import Dockerode from "dockerode";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureBaseImage, NODE_BASE_IMAGE, STAND_IN_LABEL, type EnsuredBaseImage } from "./node-base-image.js";

const docker = new Dockerode();
let base: EnsuredBaseImage;

beforeAll(async () => {
  base = await ensureBaseImage({ docker });
}, 1_200_000);

/** Runs `cmd` in a new container of the base image, without a network; its exit code and stdout. */
async function run(options: Omit<Dockerode.ContainerCreateOptions, "Image">): Promise<{ status: number; stdout: string }> {
  const container = await docker.createContainer({ ...options, Image: NODE_BASE_IMAGE, HostConfig: { NetworkMode: "none" } });
  try {
    const stream = await container.attach({ stream: true, stdout: true, stderr: true });
    const stdout = new PassThrough();
    docker.modem.demuxStream(stream, stdout, new PassThrough().resume());
    let text = "";
    stdout.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
    const ended = new Promise((resolve) => stream.once("end", resolve));
    await container.start();
    const { StatusCode } = (await container.wait()) as { StatusCode: number };
    await ended;
    return { status: StatusCode, stdout: text };
  } finally {
    await container.remove({ force: true });
  }
}

describe("ensureBaseImage", { timeout: 120_000 }, () => {
  it("is reused once present, not made again", async () => {
    const again = await ensureBaseImage({ docker });
    expect(again).toEqual({ reference: NODE_BASE_IMAGE, standIn: base.standIn, built: false });
  });

  it("has the official image's command, PATH and NODE_VERSION, and says when it is a stand-in", async () => {
    const { Config } = await docker.getImage(NODE_BASE_IMAGE).inspect();
    expect(Config.Cmd).toEqual(["node"]);
    expect(Config.Env).toContain("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    expect(Config.Env?.find((entry) => entry.startsWith("NODE_VERSION="))).toMatch(/^NODE_VERSION=20\.\d+\.\d+$/);
    expect(Config.Labels?.[STAND_IN_LABEL] !== undefined).toBe(base.standIn);
  });

  it("runs node 20, npm and npx from the PATH, as the `node` user (uid 1000, home /home/node)", async () => {
    const script = 'node -p process.versions.node && npm --version && command -v npx && id -u && id -g && echo "$HOME" && stat -c %u /home/node';
    const { status, stdout } = await run({ User: "node", Cmd: ["sh", "-c", script] });
    expect(status).toBe(0);
    const [nodeVersion, npmVersion, npx, uid, gid, home, homeOwner] = stdout.trim().split("\n");
    expect({ nodeVersion, npmVersion, npx, uid, gid, home, homeOwner }).toEqual({
      nodeVersion: expect.stringMatching(/^20\./),
      npmVersion: expect.stringMatching(/^\d+\.\d+\.\d+$/),
      npx: "/usr/local/bin/npx",
      uid: "1000",
      gid: "1000",
      home: "/home/node",
      homeOwner: "1000",
    });
  });

  it("runs a script given as arguments with node, as the official entrypoint does", async () => {
    expect(await run({ Cmd: ["-e", "console.log(6 * 7)"] })).toEqual({ status: 0, stdout: "42\n" });
  });
});
