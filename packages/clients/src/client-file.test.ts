import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parse as parseJsonc } from "jsonc-parser";
import { parse as parseToml } from "smol-toml";
import { parse as parseYaml } from "yaml";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GatewayError } from "@mcpgw/core";
import type { ClientContext, ConfigFormat, McpClient } from "./client.js";
import { genericShape } from "./client.js";
import { CLIENTS, findClient } from "./clients.js";
import { clientStatus, clientTarget, connectClient, disconnectClient } from "./client-file.js";

const stdio = { command: "/usr/bin/node", args: ["/opt/mcpgw/bin/run.js", "gateway", "run"], env: { MCPGW_HOME: "/srv/mcpgw" } };
const http = { url: "http://127.0.0.1:8811/mcp", token: "t0ken" };
const auth = { Authorization: "Bearer t0ken" };
const plain = { command: stdio.command, args: stdio.args, env: stdio.env };

/** The exact entry each client gets, stdio and HTTP. */
const expected: Record<string, { stdio: unknown; http: unknown }> = {
  "claude-desktop": { stdio: plain, http: { url: http.url, headers: auth } },
  "claude-code": { stdio: { type: "stdio", ...plain }, http: { type: "http", url: http.url, headers: auth } },
  cursor: { stdio: plain, http: { url: http.url, headers: auth } },
  vscode: { stdio: { type: "stdio", ...plain }, http: { type: "http", url: http.url, headers: auth } },
  codex: { stdio: plain, http: { url: http.url, http_headers: auth } },
  gemini: { stdio: plain, http: { httpUrl: http.url, headers: auth } },
  windsurf: { stdio: plain, http: { serverUrl: http.url, headers: auth } },
  zed: { stdio: { source: "custom", ...plain }, http: { source: "custom", url: http.url, headers: auth } },
  lmstudio: { stdio: plain, http: { url: http.url, headers: auth } },
  continue: {
    stdio: { name: "mcpgw", ...plain },
    http: { name: "mcpgw", type: "streamable-http", url: http.url, requestOptions: { headers: auth } },
  },
  goose: {
    stdio: { type: "stdio", name: "mcpgw", cmd: stdio.command, args: stdio.args, envs: stdio.env, enabled: true, timeout: 300 },
    http: { type: "streamable_http", name: "mcpgw", uri: http.url, headers: auth, enabled: true, timeout: 300 },
  },
  kiro: { stdio: plain, http: { url: http.url, headers: auth } },
  opencode: {
    stdio: { type: "local", command: [stdio.command, ...stdio.args], environment: stdio.env, enabled: true },
    http: { type: "remote", url: http.url, headers: auth, enabled: true },
  },
  cline: { stdio: plain, http: { url: http.url, headers: auth } },
  crush: { stdio: { type: "stdio", ...plain }, http: { type: "http", url: http.url, headers: auth } },
  sema4: { stdio: { ...plain, transport: "stdio" }, http: { url: http.url, headers: auth, transport: "streamable-http" } },
};

/** A lived-in file: comments where the format has them, another server, unrelated settings. */
function existingFile(client: Pick<McpClient, "format" | "key" | "layout">): string {
  const { format, key, layout } = client;
  if (format === "toml") {
    return [
      "# Codex settings",
      'model = "o4"',
      "",
      `[${key}.github]`,
      'command = "docker"',
      'args = ["run", "-i", "ghcr.io/github/github-mcp-server"] # pinned',
      "",
      `[${key}.github.env]`,
      'GITHUB_TOKEN_VAR = "GH"',
      "",
      "# a profile for quick answers",
      "[profiles.fast]",
      'model = "o4-mini"',
      "",
    ].join("\n");
  }
  if (format === "yaml" && layout === "list") {
    return ["name: My assistant", "version: 1.0.0", "# the tools I use", `${key}:`, "  - name: github", "    command: docker", "    args: [run, -i, github] # pinned", "models: []", ""].join("\n");
  }
  if (format === "yaml") {
    return ["# goose settings", "GOOSE_PROVIDER: openai", `${key}:`, "  github:", "    # built in", "    type: builtin", "    name: github", "    enabled: true", "GOOSE_MODEL: gpt-4o", ""].join("\n");
  }
  const comment = format === "jsonc" ? "  // my editor, my rules\n" : "";
  return `{\n${comment}  "theme": "dark",\n  "${key}": {\n    "github": {\n      "command": "docker",\n      "args": ["run", "-i", "ghcr.io/github/github-mcp-server"]\n    }\n  },\n  "telemetry": false\n}\n`;
}

/** mcpgw's entry as the client will read it. */
function readEntry(text: string, format: ConfigFormat, key: string): unknown {
  const value = (format === "toml" ? parseToml(text) : format === "yaml" ? parseYaml(text) : parseJsonc(text)) as Record<string, unknown>;
  const servers = value[key];
  if (Array.isArray(servers)) return servers.find((s: { name?: string }) => s.name === "mcpgw");
  return (servers as Record<string, unknown> | undefined)?.mcpgw;
}

let root: string;
let ctx: ClientContext;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "mcpgw-clients-"));
  ctx = { platform: "linux", home: join(root, "home"), env: {}, cwd: join(root, "project") };
});
afterEach(async () => rm(root, { recursive: true, force: true }));

describe("connect and disconnect, client by client", () => {
  it("has an expected entry for every client in the table", () => {
    expect(Object.keys(expected).sort()).toEqual(CLIENTS.map((c) => c.id).sort());
  });

  const cases = CLIENTS.flatMap((client) => [
    { client, global: true },
    ...(client.projectFile ? [{ client, global: false }] : []),
  ]);
  it.each(cases.map((c) => [`${c.client.id} (${c.global ? "user" : "project"} file)`, c] as const))("%s", async (_name, { client, global }) => {
    const target = clientTarget(client, ctx, { global });
    expect(target.file.startsWith(global ? ctx.home : ctx.cwd)).toBe(true);
    const original = existingFile(client);
    await mkdir(dirname(target.file), { recursive: true });
    await writeFile(target.file, original);

    for (const kind of ["stdio", "http"] as const) {
      const outcome = await connectClient(target, kind === "stdio" ? { kind, ...stdio } : { kind, ...http });
      expect(outcome.changed).toBe(true);
      expect(await readFile(`${target.file}.bak`, "utf8")).toBe(original);
      const written = await readFile(target.file, "utf8");
      expect(readEntry(written, client.format, client.key)).toEqual(expected[client.id]![kind]);
      // The rest of the file is still there, comments included.
      expect(written).toContain("github");
      if (client.format !== "json") expect(written).toMatch(/(#|\/\/) /);
      expect((await clientStatus(client, ctx, { global })).connected).toBe(true);

      expect((await disconnectClient(target)).changed).toBe(true);
      expect(await readFile(target.file, "utf8")).toBe(original);
    }
    expect((await disconnectClient(target)).changed).toBe(false);
  });

  it.each(CLIENTS.map((client) => [client.id, client] as const))("%s: a file without servers reads as before after connect and disconnect", async (_id, client) => {
    const target = clientTarget(client, ctx, { global: true });
    const original = fileWithoutServers(client);
    await mkdir(dirname(target.file), { recursive: true });
    await writeFile(target.file, original);
    await connectClient(target, { kind: "stdio", ...stdio });
    const written = await readFile(target.file, "utf8");
    expect(readEntry(written, client.format, client.key)).toEqual(expected[client.id]!.stdio);
    if (client.format !== "toml") expect(written).toContain(client.format === "yaml" ? "{a: 1, b: [1, 2]}" : '{ "a": 1, "b": [1, 2] }');
    expect((await disconnectClient(target)).changed).toBe(true);
    expect(await readFile(target.file, "utf8")).toBe(original);
  });
});

/** A file with settings but no servers, the last of them a one-line object. */
function fileWithoutServers(client: Pick<McpClient, "format">): string {
  if (client.format === "toml") return '# settings\nmodel = "o4"\n\n[profiles.fast]\nmodel = "o4-mini"\n';
  if (client.format === "yaml") return "# settings\nname: mine\ngeneral: {a: 1, b: [1, 2]}\n";
  const comment = client.format === "jsonc" ? "  // offline\n" : "";
  return `{\n${comment}  "theme": "dark",\n  "general": { "a": 1, "b": [1, 2] }\n}\n`;
}

describe("connect", () => {
  it("creates a missing file and its folders", async () => {
    const target = clientTarget(findClient("cursor")!, ctx, { global: true });
    expect((await connectClient(target, { kind: "stdio", ...stdio })).backup).toBeUndefined();
    expect(JSON.parse(await readFile(target.file, "utf8"))).toEqual({ mcpServers: { mcpgw: expected.cursor!.stdio } });
  });

  it("creates a missing TOML and YAML file", async () => {
    for (const id of ["codex", "continue", "goose"]) {
      const client = findClient(id)!;
      const target = clientTarget(client, ctx, { global: true });
      await connectClient(target, { kind: "stdio", ...stdio });
      expect(readEntry(await readFile(target.file, "utf8"), client.format, client.key)).toEqual(expected[id]!.stdio);
    }
  });

  it("replaces an existing mcpgw entry where it stands", async () => {
    const client = findClient("codex")!;
    const target = clientTarget(client, ctx, { global: true });
    await mkdir(dirname(target.file), { recursive: true });
    await writeFile(target.file, existingFile(client));
    await connectClient(target, { kind: "stdio", ...stdio });
    const once = await readFile(target.file, "utf8");
    await connectClient(target, { kind: "http", ...http, tokenEnvVar: "MCPGW_AUTH_TOKEN" });
    const twice = await readFile(target.file, "utf8");
    expect(readEntry(twice, "toml", "mcp_servers")).toEqual({ url: http.url, bearer_token_env_var: "MCPGW_AUTH_TOKEN" });
    expect(twice).not.toContain("t0ken");
    expect(twice.slice(0, once.indexOf("[mcp_servers.mcpgw]"))).toBe(once.slice(0, once.indexOf("[mcp_servers.mcpgw]")));
  });

  it("removes Docker's MCP_DOCKER entry in the same write with replaceDocker", async () => {
    const client = findClient("claude-desktop")!;
    const target = clientTarget(client, ctx, { global: true });
    await mkdir(dirname(target.file), { recursive: true });
    await writeFile(target.file, '{\n  "mcpServers": {\n    "MCP_DOCKER": { "command": "docker", "args": ["mcp", "gateway", "run"] },\n    "other": { "command": "x" }\n  }\n}\n');
    expect(await clientStatus(client, ctx)).toMatchObject({ installed: true, connected: false, docker: true });
    await connectClient(target, { kind: "stdio", ...stdio }, { replaceDocker: true });
    const servers = (JSON.parse(await readFile(target.file, "utf8")) as { mcpServers: Record<string, unknown> }).mcpServers;
    expect(Object.keys(servers)).toEqual(["other", "mcpgw"]);
    expect(await clientStatus(client, ctx)).toMatchObject({ connected: true, docker: false });
  });

  it("writes the generic mcpServers shape to any file", async () => {
    const file = join(root, "any.yaml");
    await connectClient({ file, shape: genericShape("yaml"), project: false }, { kind: "http", ...http });
    expect(parseYaml(await readFile(file, "utf8"))).toEqual({ mcpServers: { mcpgw: { url: http.url, headers: auth } } });
  });
});

describe("a file that does not parse", () => {
  const broken: [string, string, number, number][] = [
    ["cursor", '{\n  "mcpServers": {\n    "a": { "command": "x" \n  }\n}\n', 4, 3],
    ["codex", 'model = "o4"\n[mcp_servers.a\ncommand = "x"\n', 2, 1],
    ["goose", "extensions:\n  a: [1, 2\nother: 1\n", 3, 1],
  ];
  it.each(broken)("%s: is reported with line and column and left untouched", async (id, text, line) => {
    const client = findClient(id)!;
    const target = clientTarget(client, ctx, { global: true });
    await mkdir(dirname(target.file), { recursive: true });
    await writeFile(target.file, text);
    const error = await connectClient(target, { kind: "stdio", ...stdio }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayError);
    const diagnostic = (error as GatewayError).diagnostics[0]!;
    expect(diagnostic).toMatchObject({ file: target.file, line: expect.any(Number), column: expect.any(Number) });
    expect(diagnostic.line).toBeGreaterThanOrEqual(line);
    expect((error as GatewayError).message).toContain(`${target.file}:${diagnostic.line}:${diagnostic.column}`);
    expect(await readFile(target.file, "utf8")).toBe(text);
    expect((await clientStatus(client, ctx, { global: true })).problem).toBeDefined();
  });
});
