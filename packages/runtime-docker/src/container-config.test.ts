import type { DockerServerSpec } from "@mcpgw/core";
import { SecretValue } from "@mcpgw/core";
import { describe, expect, it } from "vitest";
import { containerConfig, DEFAULT_LIMITS, needsEgress } from "./container-config.js";

const instance = { id: "gw-1", host: "box", pid: 42, started: "777", pidns: "pid:[1]" };

function spec(over: Partial<DockerServerSpec> = {}): DockerServerSpec {
  return {
    kind: "docker",
    name: "github",
    image: "mcp/github:1",
    command: ["--toolsets", "repos"],
    volumes: ["/srv/data:/data"],
    env: { GITHUB_ORG: "acme" },
    secretEnv: { GITHUB_TOKEN: new SecretValue("github.token", "ghp_secret_value_1234", "store") },
    disableNetwork: false,
    allowHosts: [],
    extraHosts: [],
    limits: {},
    readOnlyRootfs: true,
    sharing: "shared",
    longLived: false,
    source: { file: "c.yaml" },
    ...over,
  };
}

describe("containerConfig", () => {
  it("hardens by default and labels the container as ours", () => {
    const config = containerConfig(spec(), { limits: DEFAULT_LIMITS, blockNetwork: false, tmpSize: "64m" }, instance, "s1");
    expect(config.HostConfig).toMatchObject({
      Init: true,
      SecurityOpt: ["no-new-privileges"],
      CapDrop: ["ALL"],
      PidsLimit: 256,
      Memory: 2 * 1024 ** 3,
      NanoCpus: 1e9,
      ReadonlyRootfs: true,
      Tmpfs: { "/tmp": "rw,noexec,nosuid,nodev,size=64m" },
      Binds: ["/srv/data:/data:ro"],
    });
    expect(config.HostConfig?.NetworkMode).toBeUndefined();
    expect(config.Labels).toEqual({
      "mcpgw.managed": "true",
      "mcpgw.gateway": "gw-1",
      "mcpgw.server": "github",
      "mcpgw.session": "s1",
      "mcpgw.owner.host": "box",
      "mcpgw.owner.pid": "42",
      "mcpgw.owner.started": "777",
      "mcpgw.owner.pidns": "pid:[1]",
    });
  });

  it("passes secrets as environment, never as arguments", () => {
    const config = containerConfig(spec(), { limits: DEFAULT_LIMITS, blockNetwork: false, tmpSize: "64m" }, instance);
    expect(config.Env).toEqual(["GITHUB_ORG=acme", "GITHUB_TOKEN=ghp_secret_value_1234"]);
    expect(config.Cmd).toEqual(["--toolsets", "repos"]);
    expect(JSON.stringify(config.Cmd)).not.toContain("ghp_secret");
  });

  it("takes the server's limits over the gateway's, and cuts the network when asked", () => {
    const own = spec({ limits: { cpus: 0.5, memory: 256 * 1024 ** 2 }, readOnlyRootfs: false, user: "1000:1000" });
    const config = containerConfig(own, { limits: { cpus: 2, memory: 1024 ** 3, pids: 64 }, blockNetwork: true, tmpSize: "16m" }, instance);
    expect(config.HostConfig).toMatchObject({ NanoCpus: 5e8, Memory: 256 * 1024 ** 2, PidsLimit: 64, ReadonlyRootfs: false, NetworkMode: "none" });
    expect(config.User).toBe("1000:1000");
    expect(containerConfig(spec({ disableNetwork: true }), { limits: DEFAULT_LIMITS, blockNetwork: false, tmpSize: "64m" }, instance).HostConfig?.NetworkMode).toBe("none");
  });

  describe("under --block-network with allowHosts", () => {
    const blocked = { limits: DEFAULT_LIMITS, blockNetwork: true, tmpSize: "64m" };
    const route = { network: "mcpgw-egress-gw1", proxyUrl: "http://172.17.0.1:41234" };
    const contained = spec({ allowHosts: ["api.github.com:443"], env: { GITHUB_ORG: "acme", HTTPS_PROXY: "http://elsewhere:3128" }, extraHosts: ["h:10.0.0.1"] });

    it("joins the internal network with the proxy in both cases of every variable, the server's own proxy replaced", () => {
      expect(needsEgress(contained, blocked)).toBe(true);
      const config = containerConfig(contained, blocked, instance, undefined, route);
      expect(config.HostConfig?.NetworkMode).toBe("mcpgw-egress-gw1");
      expect(config.HostConfig?.ExtraHosts).toBeUndefined();
      expect(config.Env).toEqual([
        "GITHUB_ORG=acme",
        "GITHUB_TOKEN=ghp_secret_value_1234",
        "HTTP_PROXY=http://172.17.0.1:41234",
        "HTTPS_PROXY=http://172.17.0.1:41234",
        "http_proxy=http://172.17.0.1:41234",
        "https_proxy=http://172.17.0.1:41234",
        "NO_PROXY=localhost,127.0.0.1,::1",
        "no_proxy=localhost,127.0.0.1,::1",
      ]);
    });

    it("gives no network to servers without allowHosts, with disableNetwork, or without a route", () => {
      expect(needsEgress(spec(), blocked)).toBe(false);
      expect(containerConfig(spec(), blocked, instance, undefined, route).HostConfig?.NetworkMode).toBe("none");
      const disabled = spec({ allowHosts: ["a.example"], disableNetwork: true });
      expect(needsEgress(disabled, blocked)).toBe(false);
      expect(containerConfig(disabled, blocked, instance, undefined, route).HostConfig?.NetworkMode).toBe("none");
      expect(containerConfig(contained, blocked, instance).HostConfig?.NetworkMode).toBe("none");
    });

    it("changes nothing without --block-network", () => {
      const open = { ...blocked, blockNetwork: false };
      expect(needsEgress(contained, open)).toBe(false);
      const config = containerConfig(contained, open, instance, undefined, route);
      expect(config.HostConfig?.NetworkMode).toBeUndefined();
      expect(config.Env).toContain("HTTPS_PROXY=http://elsewhere:3128");
    });
  });

  it("refuses a sensitive volume before anything runs", () => {
    expect(() => containerConfig(spec({ volumes: ["/var/run/docker.sock:/var/run/docker.sock"] }), { limits: DEFAULT_LIMITS, blockNetwork: false, tmpSize: "64m" }, instance)).toThrow(
      /mounting \/var\/run\/docker\.sock is refused/,
    );
  });
});
