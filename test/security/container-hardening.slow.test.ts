// A container server under a real `mcpgw gateway run --block-network`: after a tool call, the
// running container is inspected through the engine. It must be hardened as the Docker runtime
// promises (no capabilities, no new privileges, read-only root, limits, init, our labels, no
// network), and the secret it needs must be in its environment and nowhere else: not in its
// command or labels, not anywhere else in `docker inspect`, not in what the gateway prints.
import Dockerode from "dockerode";
import { ensureTestImage } from "@mcpgw/test-images";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TempHome } from "../support/cli.js";
import { Cleanup, connectV1, textOf } from "../support/clients.js";
import { containersOf } from "../support/docker.js";
import { startGateway } from "../support/gateway.js";
import { writeHome } from "../support/servers.js";
import { fetchServer } from "./fixtures/fetch-server.js";

// Not shaped like any known credential: only an exact-value search finds it.
const SECRET = "e2e-hardening-Value-51c0ffee7a";

describe("container hardening under the gateway", () => {
  let home: TempHome;

  beforeAll(async () => {
    home = await TempHome.create();
    const image = await ensureTestImage("node");
    await writeHome(home, { sealed: fetchServer(image, { secrets: [{ name: "e2e.fetch_token", env: "FETCH_TOKEN" }] }) });
    const set = await home.run(["secret", "set", "e2e.fetch_token"], { stdin: `${SECRET}\n` });
    expect(set.code, set.stderr).toBe(0);
  }, 180_000);

  afterAll(async () => {
    await home?.[Symbol.asyncDispose]();
  });

  it("runs the server hardened, limited, labelled, without a network, its secret only in its environment", async () => {
    await using gateway = await startGateway(home, { args: ["--block-network", "--cpus", "0.5", "--memory", "256Mb", "--verbose", "--tool-prefix", "always"] });
    await using cleanup = new Cleanup();
    const { client } = await connectV1(gateway);
    cleanup.add(client);

    // The server runs, has its secret, and cannot write its root filesystem.
    const self = textOf(await client.callTool({ name: "sealed__describe_self", arguments: {} }));
    expect(self).toMatch(/root-writable=no \(EROFS\) token-set=true$/);
    // And has no network: no route to any address.
    expect(textOf(await client.callTool({ name: "sealed__fetch_direct", arguments: { url: "http://192.0.2.1:80/" } }))).toMatch(/^error E(NETUNREACH|HOSTUNREACH)/);

    const [id, ...others] = await containersOf(gateway.pid);
    expect(others).toEqual([]);
    const info = await new Dockerode().getContainer(id!).inspect();
    expect(info.State.Running).toBe(true);
    expect(info.HostConfig).toMatchObject({
      CapDrop: ["ALL"],
      SecurityOpt: ["no-new-privileges"],
      ReadonlyRootfs: true,
      Init: true,
      PidsLimit: 256,
      Memory: 256 * 1024 ** 2,
      MemorySwap: 256 * 1024 ** 2,
      NanoCpus: 5e8,
      NetworkMode: "none",
      Tmpfs: { "/tmp": expect.stringMatching(/^rw,noexec,nosuid,nodev,size=/) },
    });
    expect(info.HostConfig.CapAdd ?? []).toEqual([]);
    expect(info.HostConfig.Privileged).toBe(false);
    expect(Object.keys(info.NetworkSettings.Networks)).toEqual(["none"]);
    expect(info.Config.Labels).toMatchObject({
      "mcpgw.managed": "true",
      "mcpgw.server": "sealed",
      "mcpgw.owner.pid": String(gateway.pid),
      "mcpgw.gateway": expect.stringMatching(/\S/),
    });

    // The secret: in Env, set through the engine API, and nowhere else the engine shows.
    expect(info.Config.Env).toContain(`FETCH_TOKEN=${SECRET}`);
    expect(JSON.stringify([info.Path, info.Args, info.Config.Cmd, info.Config.Entrypoint, info.Config.Labels])).not.toContain(SECRET);
    const withoutEnv = { ...info, Config: { ...info.Config, Env: [] } };
    expect(JSON.stringify(withoutEnv)).not.toContain(SECRET);
    expect(JSON.stringify(info)).toContain(SECRET);

    const exit = await gateway.stop();
    expect(exit.leftoverContainers).toEqual([]);
    expect(gateway.stderr).toMatch(/call .*server=sealed tool=describe_self/);
    expect(gateway.stdout + gateway.stderr).not.toContain(SECRET);
  }, 120_000);
});
