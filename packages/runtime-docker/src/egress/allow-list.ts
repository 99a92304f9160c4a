import { isIP } from "node:net";
import { ErrorCode, GatewayError } from "@mcpgw/core";

/** Ports an entry without one allows: HTTPS and plain HTTP. */
export const DEFAULT_ALLOWED_PORTS: readonly number[] = [443, 80];

/** One parsed `allowHosts` entry. */
interface AllowEntry {
  /** Lower-case host name or IP address (IPv6 without brackets). */
  host: string;
  /** `*.domain`: any name below `host`, not `host` itself. */
  wildcard: boolean;
  ports: readonly number[];
}

/** A server's egress allow-list (`allowHosts`), ready to be asked. */
export interface AllowList {
  /** Whether `host:port` (as a client named it) is on the list. */
  allows(host: string, port: number): boolean;
  /** Whether the list names this IP address literally: only then may it be private or loopback. */
  namesAddress(address: string): boolean;
}

/**
 * Parses a server's `allowHosts`: `host` (ports 443 and 80), `host:port`, `*.domain` and
 * `*.domain:port` (any name below domain, at any depth, not domain itself), IPv4 addresses and
 * bracketed IPv6 ones (`[2001:db8::1]:443`). Names compare case-insensitively, without a
 * trailing dot.
 * @throws GatewayError `CONFIG_INVALID` naming the server and the entry.
 */
export function parseAllowList(server: string, entries: readonly string[]): AllowList {
  const parsed = entries.map((entry) => parseEntry(server, entry));
  return {
    allows(host, port) {
      const name = normalise(host);
      return parsed.some((e) => e.ports.includes(port) && (e.wildcard ? name.endsWith(`.${e.host}`) : name === e.host));
    },
    namesAddress(address) {
      const name = normalise(address);
      return parsed.some((e) => !e.wildcard && e.host === name);
    },
  };
}

function parseEntry(server: string, entry: string): AllowEntry {
  const invalid = (why: string) =>
    new GatewayError(ErrorCode.CONFIG_INVALID, `server "${server}": allowHosts entry "${entry}" ${why}`, {
      data: { server, entry },
      suggestion: 'write entries as "host", "host:port", "*.domain" or "[ipv6]:port"',
    });
  const text = entry.trim();
  let host: string;
  let port: string | undefined;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracketed) {
    host = bracketed[1] ?? "";
    port = bracketed[2];
    if (isIP(host) !== 6) throw invalid("is not an IPv6 address in brackets");
  } else if (isIP(text) === 6) {
    host = text;
  } else {
    const colon = text.lastIndexOf(":");
    host = colon === -1 ? text : text.slice(0, colon);
    port = colon === -1 ? undefined : text.slice(colon + 1);
  }
  const wildcard = host.startsWith("*.");
  if (wildcard) host = host.slice(2);
  host = normalise(host);
  if (host === "" || (!isIP(host) && !/^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*$/.test(host))) throw invalid("is not a host name or address");
  if (wildcard && isIP(host)) throw invalid("puts a wildcard on an address");
  if (port !== undefined && !/^\d{1,5}$/.test(port)) throw invalid("has a port that is not a number");
  const number = port === undefined ? undefined : Number(port);
  if (number !== undefined && (number < 1 || number > 65535)) throw invalid("has a port outside 1-65535");
  return { host, wildcard, ports: number === undefined ? DEFAULT_ALLOWED_PORTS : [number] };
}

function normalise(host: string): string {
  const bare = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
  return bare.toLowerCase().replace(/\.$/, "");
}
