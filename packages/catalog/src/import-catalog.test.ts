import { readFileSync } from "node:fs";
import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ErrorCode } from "@mcpgw/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { importIntoCatalog } from "./import-catalog.js";
import { loadCatalog } from "./load-catalog.js";
import { parseCatalog } from "./parse-catalog.js";
import type { Catalog } from "./parse-catalog.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "mcpgw-catalog-import-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function catalog(text: string, file = "incoming.yaml"): Catalog {
  const parsed = parseCatalog(text, file);
  if (!parsed.ok) throw new Error(`fixture ${file} does not parse`);
  return parsed.value;
}

async function serversOf(path: string): Promise<Record<string, unknown>> {
  const parsed = await loadCatalog(path);
  if (!parsed.ok) throw new Error(`${path} does not parse`);
  return { ...parsed.value.servers };
}

const first = catalog(
  [
    "version: 3",
    "name: docker-mcp",
    "displayName: Docker MCP Catalog",
    "registry:",
    "  github:",
    "    image: mcp/github",
    "    secrets:",
    "      - {name: github.token, env: GITHUB_TOKEN}",
    "  fetch:",
    "    image: mcp/fetch",
    "",
  ].join("\n"),
);

const second = catalog(
  [
    "name: other",
    "registry:",
    "  fetch:",
    "    image: mcp/fetch",
    "  github:",
    "    # pinned by the team",
    "    image: mcp/github:1.2",
    "  time:",
    "    image: mcp/time",
    "",
  ].join("\n"),
);

describe("importIntoCatalog", () => {
  it("creates a missing target with registry, name and displayName", async () => {
    const target = join(dir, "catalogs", "mine.yaml");
    const report = await importIntoCatalog(target, first);
    expect(report).toEqual({ added: ["github", "fetch"], updated: [], unchanged: [] });
    expect(await readFile(target, "utf8")).toBe(
      [
        "name: docker-mcp",
        "displayName: Docker MCP Catalog",
        "registry:",
        "  github:",
        "    image: mcp/github",
        "    secrets:",
        "      - {name: github.token, env: GITHUB_TOKEN}",
        "  fetch:",
        "    image: mcp/fetch",
        "",
      ].join("\n"),
    );
  });

  it("merges two successive imports: entries of the first survive the second, so do comments", async () => {
    const target = join(dir, "mine.yaml");
    await importIntoCatalog(target, first);
    // The user annotates the file between the two imports.
    const annotated = (await readFile(target, "utf8"))
      .replace("registry:\n", "# my own servers, merged from Docker's\nregistry:\n")
      .replace("  fetch:\n", "  # keep: used by the research agent\n  fetch:\n");
    await writeFile(target, annotated);

    const report = await importIntoCatalog(target, second);
    expect(report).toEqual({ added: ["time"], updated: ["github"], unchanged: ["fetch"] });
    expect(await readFile(target, "utf8")).toBe(
      [
        "name: docker-mcp",
        "displayName: Docker MCP Catalog",
        "# my own servers, merged from Docker's",
        "registry:",
        "  github:",
        "    # pinned by the team",
        "    image: mcp/github:1.2",
        "  # keep: used by the research agent",
        "  fetch:",
        "    image: mcp/fetch",
        "  time:",
        "    image: mcp/time",
        "",
      ].join("\n"),
    );
    expect(Object.keys(await serversOf(target))).toEqual(["github", "fetch", "time"]);
  });

  it("keeps a hand-written target's comments, order, top-level fields and untouched entries byte for byte", async () => {
    const target = join(dir, "team.yaml");
    const original = [
      "# Team catalog: reviewed in PR #42",
      "version: 3",
      "name: team",
      "displayName: Team servers",
      "owner: platform # not a catalog field, kept",
      "",
      "registry:",
      "  # the database, read-only",
      "  postgres:",
      "    image: mcp/postgres",
      '    command: ["{{postgres.url}}"]',
      "    secrets:",
      "      - name: postgres.url",
      "        env: DATABASE_URL",
      "",
      "  fetch:",
      "    image: mcp/fetch:old # to replace",
      "",
    ].join("\n");
    await writeFile(target, original);
    const report = await importIntoCatalog(target, first);
    expect(report).toEqual({ added: ["github"], updated: ["fetch"], unchanged: [] });
    const text = await readFile(target, "utf8");
    expect(text.startsWith(original.slice(0, original.indexOf("  fetch:")))).toBe(true);
    expect(text.slice(original.indexOf("  fetch:"))).toBe(
      [
        "  fetch:",
        "    image: mcp/fetch",
        "  github:",
        "    image: mcp/github",
        "    secrets:",
        "      - {name: github.token, env: GITHUB_TOKEN}",
        "",
      ].join("\n"),
    );
  });

  it("does not rewrite a target when every entry is already there", async () => {
    const target = join(dir, "same.yaml");
    const original = "# mine\nregistry:\n  fetch: {image: mcp/fetch}\n  github: {secrets: [{env: GITHUB_TOKEN, name: github.token}], image: mcp/github}\n";
    await writeFile(target, original);
    expect(await importIntoCatalog(target, first)).toEqual({ added: [], updated: [], unchanged: ["github", "fetch"] });
    expect(await readFile(target, "utf8")).toBe(original);
  });

  it("imports only the servers asked for", async () => {
    const target = join(dir, "some.yaml");
    expect(await importIntoCatalog(target, second, { servers: ["time"] })).toEqual({ added: ["time"], updated: [], unchanged: [] });
    expect(Object.keys(await serversOf(target))).toEqual(["time"]);
  });

  it("refuses servers the incoming catalog does not have, and writes nothing", async () => {
    const target = join(dir, "none.yaml");
    await expect(importIntoCatalog(target, second, { servers: ["time", "gitlab"] })).rejects.toMatchObject({
      code: ErrorCode.NOT_FOUND,
      message: expect.stringContaining('"gitlab"'),
    });
    expect(await readdir(dir)).toEqual([]);
  });

  it("leaves a target that is not YAML untouched, and names it", async () => {
    const target = join(dir, "broken.yaml");
    const original = "registry:\n  fetch:\n    image: [mcp/fetch\n";
    await writeFile(target, original);
    const error = await importIntoCatalog(target, first).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.YAML_SYNTAX, message: expect.stringContaining(target) });
    expect(error).toMatchObject({ diagnostics: [expect.objectContaining({ file: target, line: expect.any(Number) })] });
    expect(await readFile(target, "utf8")).toBe(original);
    expect(await readdir(dir)).toEqual(["broken.yaml"]);
  });

  it("leaves a target that does not fit the schema untouched, and names it", async () => {
    const target = join(dir, "invalid.yaml");
    const original = "registry:\n  fetch:\n    image: 42\n";
    await writeFile(target, original);
    await expect(importIntoCatalog(target, first)).rejects.toMatchObject({
      code: ErrorCode.CONFIG_INVALID,
      message: expect.stringMatching(/invalid\.yaml:3:5: registry\.fetch\.image: /),
    });
    expect(await readFile(target, "utf8")).toBe(original);
  });

  it("keeps the target's 4-space indentation, as Docker's tools write it", async () => {
    const target = join(dir, "docker.yaml");
    await writeFile(target, "registry:\n    fetch:\n        image: mcp/fetch\n        allowHosts:\n            - example.com:443\n");
    await importIntoCatalog(target, catalog("registry:\n  time:\n    image: mcp/time\n    command: [--tz, UTC]\n"));
    expect(await readFile(target, "utf8")).toBe(
      [
        "registry:",
        "    fetch:",
        "        image: mcp/fetch",
        "        allowHosts:",
        "            - example.com:443",
        "    time:",
        "        image: mcp/time",
        "        command: [--tz, UTC]",
        "",
      ].join("\n"),
    );
  });

  it("fills an empty or comment-only target, and one with `registry: {}`", async () => {
    const cases: Array<[string, string]> = [
      ["", "registry:\n  time:\n    image: mcp/time\n"],
      ["# nothing yet\n", "# nothing yet\n\nregistry:\n  time:\n    image: mcp/time\n"],
      ["name: x\nregistry:\n", "name: x\nregistry:\n  time:\n    image: mcp/time\n"],
      ["name: x\nregistry: {}\n", "name: x\nregistry:\n  time:\n    image: mcp/time\n"],
    ];
    for (const [i, [original, expected]] of cases.entries()) {
      const target = join(dir, `t${i}.yaml`);
      await writeFile(target, original);
      await importIntoCatalog(target, second, { servers: ["time"] });
      expect(await readFile(target, "utf8")).toBe(expected);
    }
  });

  it("carries the incoming entry's comments, and writes entries changed after parsing from their value", async () => {
    const incoming = catalog("registry:\n  # the time server\n  time:\n    image: mcp/time # pinned later\n  fetch:\n    image: mcp/fetch\n");
    incoming.servers.fetch = { ...incoming.servers.fetch!, image: "mcp/fetch:2" };
    const target = join(dir, "carried.yaml");
    await importIntoCatalog(target, incoming);
    expect(await readFile(target, "utf8")).toBe(
      "registry:\n  # the time server\n  time:\n    image: mcp/time # pinned later\n  fetch:\n    image: mcp/fetch:2\n",
    );
  });

  it("does not carry anchors or aliases over from the incoming file", async () => {
    const incoming = catalog("registry:\n  a: &base\n    image: mcp/a\n  b:\n    image: mcp/b\n    env: &env [{name: X, value: '1'}]\n  c:\n    image: mcp/c\n    env: *env\n");
    const target = join(dir, "anchors.yaml");
    await importIntoCatalog(target, incoming);
    const text = await readFile(target, "utf8");
    expect(text).not.toMatch(/[&*](base|env)/);
    expect(await serversOf(target)).toEqual({ ...incoming.servers });
  });

  it("refuses an incoming catalog built by hand with an invalid entry", async () => {
    const incoming = catalog("registry:\n  a:\n    image: mcp/a\n");
    incoming.servers.a = { type: "remote" };
    const target = join(dir, "hand.yaml");
    await expect(importIntoCatalog(target, incoming)).rejects.toMatchObject({
      code: ErrorCode.INVALID_ARGUMENT,
      diagnostics: [expect.objectContaining({ field: "registry.a.remote.url" })],
    });
    expect(await readdir(dir)).toEqual([]);
  });

  it("imports a Docker catalog that uses every field without losing or changing any of it", async () => {
    const text = readFileSync(new URL("./fixtures/docker-catalog.yaml", import.meta.url), "utf8");
    const docker = catalog(text, "docker-mcp.yaml");
    const target = join(dir, "copy.yaml");
    await writeFile(target, "# mine\nregistry:\n  own:\n    image: me/own\n");
    const report = await importIntoCatalog(target, docker);
    expect(report.added).toEqual(Object.keys(docker.servers));
    expect(await serversOf(target)).toEqual({ own: { image: "me/own" }, ...docker.servers });
    const written = await readFile(target, "utf8");
    expect(written).toContain(text.slice(text.indexOf("  github-official:")));
    expect(written).toContain("    colour: blue # not a field any gateway knows\n");
  });

  it("lets concurrent imports into one file take turns, so neither loses the other's servers", async () => {
    const target = join(dir, "busy.yaml");
    const imports = ["a", "b", "c", "d", "e", "f"].map((name) =>
      importIntoCatalog(target, catalog(`registry:\n  ${name}:\n    image: mcp/${name}\n`)),
    );
    await Promise.all(imports);
    expect(Object.keys(await serversOf(target)).sort()).toEqual(["a", "b", "c", "d", "e", "f"]);
    expect(await readdir(dir)).toEqual(["busy.yaml"]);
  });

  it("keeps Windows line ends", async () => {
    const target = join(dir, "crlf.yaml");
    await writeFile(target, "# mine\r\nregistry:\r\n  own:\r\n    image: me/own\r\n");
    await importIntoCatalog(target, second, { servers: ["time"] });
    expect(await readFile(target, "utf8")).toBe("# mine\r\nregistry:\r\n  own:\r\n    image: me/own\r\n  time:\r\n    image: mcp/time\r\n");
  });
});
