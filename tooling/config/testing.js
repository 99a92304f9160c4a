// Helpers shared by tests across the workspace (never by shipped code).
import { execFile } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer } from "node:net";
import { join, posix, sep } from "node:path";

/** A TCP port on 127.0.0.1 that was free a moment ago: bound to port 0, read, released. */
export async function freePort() {
  const server = createServer();
  await listen(server, 0);
  const address = server.address();
  await new Promise((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no TCP address");
  return address.port;
}

/**
 * The import cycles among a package's source files (tests left out), type-only imports
 * included: a cycle of types still ties two files into one. Each cycle is listed once, as
 * paths relative to `srcDir`, starting from its alphabetically first file.
 * @param {string} srcDir
 * @returns {string[][]}
 */
export function importCycles(srcDir) {
  const files = readdirSync(srcDir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && !f.endsWith(".d.ts"))
    .map((f) => f.split(sep).join("/"));
  const known = new Set(files);
  /** @type {Map<string, string[]>} */
  const edges = new Map();
  for (const file of files) {
    const text = readFileSync(join(srcDir, file), "utf8");
    const targets = [];
    for (const match of text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s*["'](\.[^"']+)["']/gms)) {
      const target = posix.normalize(posix.join(posix.dirname(file), match[1].replace(/\.js$/, ".ts")));
      const resolved = known.has(target) ? target : known.has(`${target}/index.ts`) ? `${target}/index.ts` : undefined;
      if (resolved) targets.push(resolved);
    }
    edges.set(file, targets);
  }
  const cycles = new Set();
  /** @type {string[][]} */
  const found = [];
  const visit = (file, path, onPath) => {
    for (const next of edges.get(file) ?? []) {
      const at = path.indexOf(next);
      if (at >= 0) {
        const cycle = path.slice(at);
        const first = cycle.indexOf([...cycle].sort()[0]);
        const canonical = [...cycle.slice(first), ...cycle.slice(0, first)];
        const key = canonical.join(" -> ");
        if (!cycles.has(key)) (cycles.add(key), found.push(canonical));
      } else if (!onPath.has(next)) {
        onPath.add(next);
        visit(next, [...path, next], onPath);
        onPath.delete(next);
      }
    }
  };
  for (const file of files) visit(file, [file], new Set([file]));
  return found;
}

/** Where {@link stablePort} looks when the kernel's ephemeral range cannot be read. */
const DEFAULT_EPHEMERAL_LOW = 32_768;
/** The lowest port {@link stablePort} picks: above the well-known and common service ports. */
const RESTARTABLE_LOW = 10_000;

/**
 * A free TCP port on 127.0.0.1 below the kernel's ephemeral range. A port from {@link freePort}
 * is in that range, which bind(0) and every outgoing connection on the machine draw from: any
 * process may take it before a slow server binds it, or while a server is down between two
 * starts, or while a test counts on nobody listening there. Only a program that asks for this
 * one by number can take it.
 */
export async function stablePort() {
  const high = (await ephemeralLow()) - 1;
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = RESTARTABLE_LOW + Math.floor(Math.random() * (high - RESTARTABLE_LOW + 1));
    const server = createServer();
    const free = await listen(server, port).then(
      () => true,
      () => false,
    );
    if (!free) continue;
    await new Promise((resolve) => server.close(() => resolve()));
    return port;
  }
  throw new Error(`no free port between ${RESTARTABLE_LOW} and ${high} after 50 tries`);
}

async function ephemeralLow() {
  const range = await readFile("/proc/sys/net/ipv4/ip_local_port_range", "utf8").catch(() => "");
  const low = Number(range.trim().split(/\s+/)[0]);
  return Number.isInteger(low) && low > RESTARTABLE_LOW + 1_000 ? low : DEFAULT_EPHEMERAL_LOW;
}

function listen(server, port) {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
}

/** `promise`, or a rejection naming `what` after `timeoutMs`: no wait in a test is unbounded. */
export async function within(promise, what, timeoutMs = 30_000) {
  let timer;
  const timeout = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A throwaway certificate authority in `dir` and the server certificates it issues, for
 * 127.0.0.1, ::1 and localhost. Made with the openssl CLI: node:crypto reads certificates but
 * cannot sign them. Keys are P-256, which openssl makes at once.
 * @param {string} dir
 */
export async function createTestCa(dir) {
  const certFile = join(dir, "ca.pem");
  const keyFile = join(dir, "ca-key.pem");
  await openssl(["req", "-x509", ...P256, "-nodes", "-days", "2", "-subj", "/CN=mcpgw test CA", "-keyout", keyFile, "-out", certFile, "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"]);
  return {
    certFile,
    cert: await readFile(certFile, "utf8"),
    /** @param {string} name */
    issue: async (name) => {
      const leafCert = join(dir, `${name}.pem`);
      const leafKey = join(dir, `${name}-key.pem`);
      await openssl([
        "req", "-x509", ...P256, "-nodes", "-days", "2", "-subj", `/CN=${name}`, "-CA", certFile, "-CAkey", keyFile, "-keyout", leafKey, "-out", leafCert,
        "-addext", "subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost", "-addext", "basicConstraints=critical,CA:FALSE", "-addext", "extendedKeyUsage=serverAuth",
      ]);
      const cert = await readFile(leafCert, "utf8");
      return { name, certFile: leafCert, keyFile: leafKey, cert, key: await readFile(leafKey, "utf8"), fingerprint256: new X509Certificate(cert).fingerprint256 };
    },
  };
}

const P256 = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"];

/** @param {string[]} args */
function openssl(args) {
  return new Promise((resolve, reject) => {
    execFile("openssl", args, (error, _stdout, stderr) => (error ? reject(new Error(`openssl ${args[0]} failed: ${stderr || error.message}`, { cause: error })) : resolve(undefined)));
  });
}

/**
 * The value of one series in Prometheus' text format: the first sample named `name` whose
 * labels include `labels`; undefined when there is none.
 * @example metricSample(text, "mcpgw_tool_calls_total", { server: "clock", outcome: "ok" })
 */
export function metricSample(text, name, labels = {}) {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  for (const line of text.split("\n")) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = (match[2] ?? "").split(",").filter(Boolean);
    if (wanted.every((label) => have.includes(label))) return Number(match[3]);
  }
  return undefined;
}
