// The packages stay installable as a user installs them: every public package goes to a
// registry of our own on 127.0.0.1 through the release path (`changeset publish`, which packs
// with pnpm and so replaces `workspace:*` and `catalog:`), then `npm i -g mcpgw` on an empty
// prefix gives a working CLI and `@mcpgw/catalog` works alone in an empty project. Needs the
// built tree (`pnpm turbo run build`; the suite's turbo `test` task builds it first).
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoFile } from "../support/files.js";
import { runProcess } from "../support/process.js";
import type { LocalRegistry } from "../support/registry.js";
import { startLocalRegistry } from "../support/registry.js";

/** Publishing thirteen packages, each an `npm info` and a `pnpm publish`. */
const PUBLISH_DEADLINE_MS = 5 * 60_000;
/** An install fetches every third-party dependency through the registry's uplink, cold. */
const INSTALL_DEADLINE_MS = 5 * 60_000;
/** One run of the installed CLI. */
const CLI_DEADLINE_MS = 60_000;

const ROOT = repoFile("");
const DOCKER_CATALOG_V3 = repoFile("test/fixtures/docker-mcp-catalog-v3.yaml");
/** The fixture's server count, from its source (test/fixtures/README.md). */
const DOCKER_CATALOG_V3_SERVERS = 232;

/** Sources, tests and their fixtures and harnesses, and anything that may hold a credential stay out of a tarball. */
const UNPUBLISHABLE = /^package\/src\/|\.test\.|\/(fixtures?|testing)\/|(^|\/)\.env|\.npmrc$|\.(pem|key)$/;

/** What the registry keeps of a published package.json. */
interface PublishedManifest {
  dependencies?: Record<string, string>;
  exports?: unknown;
  dist: { tarball: string };
}

interface WorkspacePackage {
  name: string;
  version: string;
  path: string;
  private?: boolean;
}

let registry: LocalRegistry;
let publicPackages: WorkspacePackage[];

beforeAll(async () => {
  const listed = await runProcess("pnpm", ["-r", "ls", "--json", "--depth", "-1"], { cwd: ROOT });
  expect(listed.code, listed.stderr).toBe(0);
  publicPackages = (JSON.parse(listed.stdout) as WorkspacePackage[]).filter((pkg) => !pkg.private);
  for (const pkg of publicPackages) {
    expect(existsSync(join(pkg.path, "dist")), `${pkg.name} is not built: run \`pnpm turbo run build\``).toBe(true);
  }

  registry = await startLocalRegistry(publicPackages.map((pkg) => pkg.name));
  // Nothing is published anywhere but here: the user config and the variable changesets reads.
  expect(await readFile(registry.userconfig, "utf8")).toMatch(/^registry=http:\/\/127\.0\.0\.1:\d+\/$/m);
  expect(registry.env.npm_config_registry).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);

  // The root `release` script's publish step; no git tags for a test's publish.
  const published = await runProcess("pnpm", ["exec", "changeset", "publish", "--no-git-tag"], {
    cwd: ROOT,
    env: registry.env,
    timeoutMs: PUBLISH_DEADLINE_MS,
  });
  expect(published.code, `${published.stdout}\n${published.stderr}\n${registry.log()}`).toBe(0);
}, PUBLISH_DEADLINE_MS + 60_000);

afterAll(async () => {
  await registry?.[Symbol.asyncDispose]();
});

describe("packages published to a registry", { timeout: INSTALL_DEADLINE_MS + 4 * CLI_DEADLINE_MS }, () => {
  it("holds every public package of the workspace at its version, built files only", async () => {
    expect(publicPackages.map((pkg) => pkg.name)).toEqual(expect.arrayContaining(["mcpgw", "@mcpgw/catalog", "@mcpgw/core"]));
    const downloads = await registry.scratch("tarballs");
    const strays: Record<string, string[]> = {};
    for (const pkg of publicPackages) {
      const response = await fetch(`${registry.url}${pkg.name.replace("/", "%2f")}`);
      expect(response.status, pkg.name).toBe(200);
      const packument = (await response.json()) as { versions: Record<string, PublishedManifest> };
      const manifest = packument.versions[pkg.version];
      if (!manifest) throw new Error(`${pkg.name}@${pkg.version} was not published`);
      // pnpm's packing replaced the workspace's own specifiers and the source-first exports.
      expect(JSON.stringify(manifest.dependencies ?? {}), pkg.name).not.toMatch(/"(workspace|catalog):/);
      expect(JSON.stringify(manifest.exports ?? {}), pkg.name).not.toMatch(/@mcpgw\/source|\/src\//);

      const tarball = join(downloads, `${pkg.name.replace("/", "-")}.tgz`);
      await writeFile(tarball, Buffer.from(await (await fetch(manifest.dist.tarball)).arrayBuffer()));
      const listing = await runProcess("tar", ["-tzf", tarball]);
      expect(listing.code, listing.stderr).toBe(0);
      const files = listing.stdout.split("\n").filter(Boolean);
      expect(files, pkg.name).toContain("package/package.json");
      expect(files.some((file) => file.startsWith("package/dist/")), `${pkg.name} has no dist/`).toBe(true);
      const stray = files.filter((file) => UNPUBLISHABLE.test(file));
      if (stray.length > 0) strays[pkg.name] = stray;
    }
    expect(strays).toEqual({});
  });

  it("`npm i -g mcpgw` on an empty prefix gives a CLI that starts, installs a catalog and resolves a gateway", async () => {
    const prefix = await registry.scratch("prefix");
    const home = await registry.scratch("home");
    const installed = await runProcess("npm", ["install", "--global", "--prefix", prefix, "mcpgw"], {
      env: registry.env,
      timeoutMs: INSTALL_DEADLINE_MS,
    });
    expect(installed.code, `${installed.stdout}\n${installed.stderr}`).toBe(0);

    const mcpgw = join(prefix, "bin", "mcpgw");
    const run = (args: string[]) => runProcess(mcpgw, args, { env: { MCPGW_HOME: home }, timeoutMs: CLI_DEADLINE_MS });
    const cliVersion = publicPackages.find((pkg) => pkg.name === "mcpgw")?.version;

    const version = await run(["--version"]);
    expect(version.code, version.stderr).toBe(0);
    expect(version.stdout).toContain(`mcpgw/${cliVersion}`);

    const init = await run(["catalog", "init"]);
    expect(init.code, init.stderr).toBe(0);
    // Docker's catalog when it can be fetched, the starter catalog otherwise: either is named.
    expect(init.stdout).toMatch(/\b(starter|docker-mcp)\b/);

    const dryRun = await run(["gateway", "run", "--dry-run"]);
    expect(dryRun.code, `${dryRun.stdout}\n${dryRun.stderr}`).toBe(0);
  });

  it("`@mcpgw/catalog` installs alone in an empty project and parses Docker's catalog", async () => {
    const project = await registry.scratch("project");
    await writeFile(join(project, "package.json"), JSON.stringify({ name: "catalog-user", private: true, type: "module" }));
    const installed = await runProcess("npm", ["install", "@mcpgw/catalog"], { cwd: project, env: registry.env, timeoutMs: INSTALL_DEADLINE_MS });
    expect(installed.code, `${installed.stdout}\n${installed.stderr}`).toBe(0);

    await writeFile(
      join(project, "count-servers.mjs"),
      [
        'import { loadCatalog } from "@mcpgw/catalog";',
        "const parsed = await loadCatalog(process.argv[2]);",
        "if (!parsed.ok) { console.error(JSON.stringify(parsed.errors)); process.exit(1); }",
        "console.log(Object.keys(parsed.value.servers).length);",
        "",
      ].join("\n"),
    );
    const counted = await runProcess(process.execPath, ["count-servers.mjs", DOCKER_CATALOG_V3], { cwd: project, timeoutMs: CLI_DEADLINE_MS });
    expect(counted.code, counted.stderr).toBe(0);
    expect(counted.stdout.trim()).toBe(String(DOCKER_CATALOG_V3_SERVERS));
  });
});
