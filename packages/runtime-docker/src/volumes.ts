import { homedir } from "node:os";
import { isAbsolute, normalize } from "node:path";
import { ErrorCode, GatewayError } from "@mcpgw/core";

/** Host paths a server may never mount: the host's root, its config, the engine's socket, keys. */
export function sensitivePaths(home = homedir()): string[] {
  const inHome = [".ssh", ".aws", ".gnupg", ".docker", ".kube", ".config/gcloud", ".azure", ".mcpgw"].map((p) => `${home}/${p}`);
  return ["/", "/etc", "/root", "/boot", "/proc", "/sys", "/dev", "/var/run/docker.sock", "/run/docker.sock", "/var/lib/docker", home, ...inHome];
}

export interface Bind {
  host: string;
  container: string;
  readOnly: boolean;
}

/**
 * Reads a catalog volume (`host:container[:ro|rw]`) as a bind mount: read-only unless it says
 * `rw`; refused when the host path is relative or sensitive (the root, /etc, the Docker socket,
 * the home folder itself, ~/.ssh and other key folders), or inside /proc, /sys or /dev.
 */
export function parseVolume(server: string, volume: string, home = homedir()): Bind {
  const parts = volume.split(":");
  const [host = "", container = host, mode = "ro"] = parts;
  if (!host || parts.length > 3 || (mode !== "ro" && mode !== "rw")) {
    throw new GatewayError(ErrorCode.INVALID_ARGUMENT, `server "${server}": volume "${volume}" is not host:container[:ro|rw]`);
  }
  if (!isAbsolute(host) || !isAbsolute(container)) {
    throw new GatewayError(ErrorCode.REFUSED, `server "${server}": volume "${volume}" must use absolute paths`);
  }
  const clean = normalize(host).replace(/\/+$/, "") || "/";
  const refused = sensitivePaths(home).includes(clean) || ["/proc/", "/sys/", "/dev/"].some((p) => clean.startsWith(p));
  if (refused || clean === "/var/run/docker.sock" || clean.endsWith("/docker.sock")) {
    throw new GatewayError(ErrorCode.REFUSED, `server "${server}": mounting ${clean} is refused: it would expose the host`, {
      data: { server, volume },
      suggestion: "mount a narrower folder",
    });
  }
  return { host: clean, container: normalize(container), readOnly: mode !== "rw" };
}

/** The engine's `Binds` form of a bind mount. */
export function bindString(bind: Bind): string {
  return `${bind.host}:${bind.container}:${bind.readOnly ? "ro" : "rw"}`;
}
