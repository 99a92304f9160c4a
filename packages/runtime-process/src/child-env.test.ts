import { SecretValue } from "@mcpgw/core";
import { describe, expect, it } from "vitest";
import { childEnvironment } from "./child-env.js";

const gateway = {
  PATH: "/usr/bin:/bin",
  HOME: "/home/gw",
  LANG: "C.UTF-8",
  LC_ALL: "C.UTF-8",
  TMPDIR: "/var/tmp",
  USER: "gw",
  MCP_GATEWAY_AUTH_TOKEN: "gateway-token",
  AWS_SECRET_ACCESS_KEY: "aws",
};

describe("childEnvironment", () => {
  it("takes only PATH, HOME, LANG, LC_ALL and TMPDIR from the gateway on Linux", () => {
    expect(childEnvironment({ env: {}, secretEnv: {} }, gateway, "linux")).toEqual({
      PATH: "/usr/bin:/bin",
      HOME: "/home/gw",
      LANG: "C.UTF-8",
      LC_ALL: "C.UTF-8",
      TMPDIR: "/var/tmp",
    });
  });

  it("takes only PATH and HOME elsewhere, and skips what is unset", () => {
    expect(childEnvironment({ env: {}, secretEnv: {} }, gateway, "darwin")).toEqual({ PATH: "/usr/bin:/bin", HOME: "/home/gw" });
    expect(childEnvironment({ env: {}, secretEnv: {} }, { PATH: "/bin" }, "linux")).toEqual({ PATH: "/bin" });
  });

  it("adds the spec's env and its secrets revealed, the spec winning over the gateway", () => {
    const env = childEnvironment(
      { env: { PLAIN: "1", HOME: "/srv/home" }, secretEnv: { API_TOKEN: new SecretValue("s.token", "tok-123", "test") } },
      gateway,
      "linux",
    );
    expect(env).toMatchObject({ PLAIN: "1", HOME: "/srv/home", API_TOKEN: "tok-123", PATH: "/usr/bin:/bin" });
    expect(env).not.toHaveProperty("USER");
    expect(env).not.toHaveProperty("MCP_GATEWAY_AUTH_TOKEN");
  });
});
