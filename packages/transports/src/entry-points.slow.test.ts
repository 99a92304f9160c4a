// What each entry point loads is what a gateway serving that transport pays for at start-up,
// in time and in memory: the heavy parts load when first used, and these tests keep it so.
// Each import runs in a node process of its own (the built package), whose module loads a
// loader hook reports.
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const HOOKS = `export async function load(url, context, next) { process.stderr.write("LOADED " + url + "\\n"); return next(url, context); }\n`;

let dir: string;
let register: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "mcpgw-entry-points-"));
  const hooks = join(dir, "hooks.mjs");
  register = join(dir, "register.mjs");
  await writeFile(hooks, HOOKS);
  await writeFile(register, `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The packages (by name) whose files importing `entry` loads. */
async function packagesLoadedBy(entry: string): Promise<Set<string>> {
  const child = spawn(process.execPath, ["--import", register, "--input-type=module", "-e", `await import(${JSON.stringify(entry)});`], {
    cwd: new URL("..", import.meta.url),
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  expect(code, stderr).toBe(0);
  const names = [...stderr.matchAll(/^LOADED .*\/node_modules\/((?:@[^/]+\/)?[^/]+)\//gm)].map((m) => m[1]!);
  return new Set(names);
}

const LAZY = ["@modelcontextprotocol/client", "@modelcontextprotocol/server-legacy", "jose", "dockerode"];

describe("entry points of @mcpgw/transports", () => {
  it("the root (remote servers, OAuth) loads no serving stack, no client SDK and no jose", async () => {
    const loaded = await packagesLoadedBy("@mcpgw/transports");
    for (const name of [...LAZY, "hono", "@hono/node-server"]) expect(loaded, name).not.toContain(name);
  });

  it("stdio loads no HTTP stack", async () => {
    const loaded = await packagesLoadedBy("@mcpgw/transports/stdio");
    expect(loaded).toContain("@modelcontextprotocol/server");
    for (const name of [...LAZY, "hono", "@hono/node-server"]) expect(loaded, name).not.toContain(name);
  });

  it("http loads Hono, and the legacy SDK and jose only when a legacy client or a token comes", async () => {
    const loaded = await packagesLoadedBy("@mcpgw/transports/http");
    expect(loaded).toContain("hono");
    for (const name of LAZY) expect(loaded, name).not.toContain(name);
  });
});
