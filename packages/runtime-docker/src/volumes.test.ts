import { describe, expect, it } from "vitest";
import { bindString, parseVolume } from "./volumes.js";

const home = "/home/me";

describe("parseVolume", () => {
  it("mounts read-only unless rw is written", () => {
    expect(parseVolume("fs", "/home/me/src:/src", home)).toEqual({ host: "/home/me/src", container: "/src", readOnly: true });
    expect(bindString(parseVolume("fs", "/data", home))).toBe("/data:/data:ro");
    expect(bindString(parseVolume("fs", "/data/out:/out:rw", home))).toBe("/data/out:/out:rw");
  });

  it.each(["/", "/etc", "/etc/", "/var/run/docker.sock", "/run/docker.sock", "/home/me", "/home/me/.ssh", "/home/me/.aws", "/proc/1", "/sys/fs", "/root", "/x/../etc"])(
    "refuses the sensitive host path %s",
    (host) => {
      expect(() => parseVolume("fs", `${host}:/mnt`, home)).toThrow(expect.objectContaining({ code: "REFUSED" }));
    },
  );

  it("refuses relative paths and malformed modes with the server's name", () => {
    expect(() => parseVolume("fs", "data:/data", home)).toThrow(/server "fs": volume "data:\/data" must use absolute paths/);
    expect(() => parseVolume("fs", "/a:/b:rx", home)).toThrow(/not host:container\[:ro\|rw\]/);
  });
});
