// Helpers shared by tests across the workspace (never by shipped code).
import { readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join, posix, sep } from "node:path";

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
