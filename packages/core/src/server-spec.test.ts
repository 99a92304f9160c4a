import { describe, expect, it } from "vitest";
import { mountsEngineSocket, toolsMountingEngineSocket } from "./server-spec.js";

describe("mountsEngineSocket", () => {
  it("sees the engine's socket as the host side of a volume, wherever it lives", () => {
    expect(mountsEngineSocket("/var/run/docker.sock:/var/run/docker.sock")).toBe(true);
    expect(mountsEngineSocket("/run/docker.sock:/var/run/docker.sock:ro")).toBe(true);
    expect(mountsEngineSocket("/run/user/1000/podman/podman.sock:/run/docker.sock")).toBe(true);
    expect(mountsEngineSocket("/var/run/docker.sock")).toBe(true);
  });

  it("leaves other mounts alone, the container side included", () => {
    expect(mountsEngineSocket("/srv/data:/var/run/docker.sock")).toBe(false);
    expect(mountsEngineSocket("/home/me/docker.socket:/x")).toBe(false);
    expect(mountsEngineSocket("/tmp/work:/work")).toBe(false);
  });
});

describe("toolsMountingEngineSocket", () => {
  it("names the tools whose containers mount the engine's socket", () => {
    const tool = (volumes: string[]) => ({ image: "i", command: [], volumes });
    expect(toolsMountingEngineSocket({ docker: tool(["/var/run/docker.sock:/var/run/docker.sock"]), curl: tool(["/tmp/x:/x"]), bare: tool([]) })).toEqual(["docker"]);
  });
});
