// Helpers shared by tests across the workspace (never by shipped code).
import { readFile } from "node:fs/promises";
import { createServer } from "node:net";

/** A TCP port on 127.0.0.1 that was free a moment ago: bound to port 0, read, released. */
export async function freePort() {
  const server = createServer();
  await listen(server, 0);
  const address = server.address();
  await new Promise((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no TCP address");
  return address.port;
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
