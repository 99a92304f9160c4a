import { isIPv4, isIPv6 } from "node:net";

/**
 * What kind of address an IP is, for decisions about server-side request forgery:
 * - `public`: anything not listed below;
 * - `loopback`: 127.0.0.0/8, ::1;
 * - `private`: 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16;
 * - `shared`: 100.64.0.0/10 (carrier-grade NAT, often a provider's internal network);
 * - `link-local`: 169.254.0.0/16 (cloud metadata at 169.254.169.254 among them), fe80::/10;
 * - `unique-local`: fc00::/7;
 * - `unspecified`: 0.0.0.0/8, :: (many stacks connect these to the local host);
 * - `multicast`: 224.0.0.0/4, ff00::/8;
 * - `reserved`: 240.0.0.0/4 and the broadcast address.
 *
 * IPv4-mapped (`::ffff:a.b.c.d`) and IPv4-compatible (`::a.b.c.d`) IPv6 addresses are classed by
 * the IPv4 address they carry. NAT64 and 6to4 prefixes are classed as public: where a host
 * translates them, that host decides where they go.
 */
export type AddressClass = "public" | "loopback" | "private" | "shared" | "link-local" | "unique-local" | "unspecified" | "multicast" | "reserved";

/**
 * The class of an IP address (IPv4 dotted, or IPv6 with or without brackets and zone); `undefined`
 * when the text is not an IP address.
 * @example
 * classifyAddress("169.254.169.254"); // "link-local"
 * classifyAddress("::ffff:10.0.0.1"); // "private"
 */
export function classifyAddress(address: string): AddressClass | undefined {
  const bare = address.startsWith("[") && address.endsWith("]") ? address.slice(1, -1) : address;
  if (isIPv4(bare)) return classifyIPv4(ipv4Octets(bare));
  const noZone = bare.replace(/%.*$/, "");
  if (!isIPv6(noZone)) return undefined;
  return classifyIPv6(ipv6Words(noZone));
}

/** Whether an address is a public one: anything a gateway may reach without being told it may. */
export function isPublicAddress(address: string): boolean {
  return classifyAddress(address) === "public";
}

/**
 * Whether a host reaches only this machine: `localhost`, or a loopback address (127.0.0.0/8,
 * `::1`, and IPv6 forms carrying a 127.x address), as a bind address or a URL's hostname gives
 * it (IPv6 with or without brackets, any case, a trailing dot). The one loopback check of the
 * gateway: what may bind without a token, and where plain http exposes nothing.
 * @example
 * isLoopback("127.0.0.1"); // true
 * isLoopback("0.0.0.0"); // false: every interface
 */
export function isLoopback(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, "");
  return name === "localhost" || classifyAddress(name) === "loopback";
}

function ipv4Octets(address: string): number[] {
  return address.split(".").map(Number);
}

function classifyIPv4([a = 0, b = 0, c = 0, d = 0]: number[]): AddressClass {
  if (a === 0) return "unspecified";
  if (a === 127) return "loopback";
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return "private";
  if (a === 100 && b >= 64 && b <= 127) return "shared";
  if (a === 169 && b === 254) return "link-local";
  if (a >= 224 && a <= 239) return "multicast";
  if (a >= 240 || (a === 255 && b === 255 && c === 255 && d === 255)) return "reserved";
  return "public";
}

/** The eight 16-bit words of an IPv6 address (already known to be valid, without zone). */
function ipv6Words(address: string): number[] {
  let text = address.toLowerCase();
  // A trailing dotted IPv4 part stands for the last two words.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    const [a = 0, b = 0, c = 0, d = 0] = ipv4Octets(dotted[1]);
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const parse = (part: string) => (part === "" ? [] : part.split(":").map((w) => parseInt(w, 16)));
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const fill = tail === undefined ? [] : new Array<number>(8 - left.length - right.length).fill(0);
  return [...left, ...fill, ...right];
}

function classifyIPv6(words: number[]): AddressClass {
  const [w0 = 0, , , , , w5 = 0, w6 = 0, w7 = 0] = words;
  const leadingZeros = words.slice(0, 5).every((w) => w === 0);
  if (leadingZeros && w5 === 0 && w6 === 0) return w7 === 0 ? "unspecified" : w7 === 1 ? "loopback" : "reserved";
  // IPv4-mapped (::ffff:0:0/96) and IPv4-compatible (::/96): the IPv4 address decides.
  if (leadingZeros && (w5 === 0xffff || w5 === 0)) return classifyIPv4([w6 >> 8, w6 & 0xff, w7 >> 8, w7 & 0xff]);
  if ((w0 & 0xffc0) === 0xfe80) return "link-local";
  if ((w0 & 0xfe00) === 0xfc00) return "unique-local";
  if ((w0 & 0xff00) === 0xff00) return "multicast";
  return "public";
}
