// Helpers shared by tests across the workspace (never by shipped code).
import { createServer } from "node:net";

/** A TCP port on 127.0.0.1 that was free a moment ago: bound to port 0, read, released. */
export async function freePort() {
  const server = createServer();
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const address = server.address();
  await new Promise((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no TCP address");
  return address.port;
}
