import { join } from "node:path";
import type { ClientContext, HttpEntryInput, McpClient, StdioEntryInput } from "./client.js";
import { appDataDir, bearerHeaders, plainHttp, plainStdio, xdgConfigDir } from "./client.js";

const withType = (type: string, entry: Record<string, unknown>) => ({ type, ...entry });
const envOf = (input: StdioEntryInput) => (input.env && Object.keys(input.env).length > 0 ? { ...input.env } : undefined);
const home = (ctx: ClientContext, ...parts: string[]) => join(ctx.home, ...parts);

/**
 * The AI clients mcpgw can connect, one row a client: where each reads its MCP servers and the
 * entry it expects there, as each client's own documentation describes it.
 */
export const CLIENTS: readonly McpClient[] = [
  {
    id: "claude-desktop",
    name: "Claude Desktop",
    userFile: (ctx) => join(appDataDir(ctx), "Claude", "claude_desktop_config.json"),
    format: "json",
    key: "mcpServers",
    layout: "map",
    stdioEntry: plainStdio,
    // Claude Desktop does not read remote servers from this file (they are added as Connectors in
    // its settings); a stdio entry is what it runs, so `--url` writes the generic form for other
    // readers of the file and the CLI says so.
    httpEntry: plainHttp,
  },
  {
    id: "claude-code",
    name: "Claude Code",
    userFile: (ctx) => join(ctx.env.CLAUDE_CONFIG_DIR || ctx.home, ".claude.json"),
    installDir: (ctx) => ctx.env.CLAUDE_CONFIG_DIR || home(ctx, ".claude"),
    projectFile: ".mcp.json",
    format: "json",
    key: "mcpServers",
    layout: "map",
    stdioEntry: (input) => withType("stdio", plainStdio(input)),
    httpEntry: (input) => withType("http", plainHttp(input)),
  },
  {
    id: "cursor",
    name: "Cursor",
    userFile: (ctx) => home(ctx, ".cursor", "mcp.json"),
    projectFile: join(".cursor", "mcp.json"),
    format: "json",
    key: "mcpServers",
    layout: "map",
    stdioEntry: plainStdio,
    httpEntry: plainHttp,
  },
  {
    id: "vscode",
    name: "VS Code",
    userFile: (ctx) => join(appDataDir(ctx), "Code", "User", "mcp.json"),
    installDir: (ctx) => join(appDataDir(ctx), "Code"),
    projectFile: join(".vscode", "mcp.json"),
    format: "jsonc",
    key: "servers",
    layout: "map",
    stdioEntry: (input) => withType("stdio", plainStdio(input)),
    httpEntry: (input) => withType("http", plainHttp(input)),
  },
  {
    id: "codex",
    name: "Codex",
    userFile: (ctx) => join(ctx.env.CODEX_HOME || home(ctx, ".codex"), "config.toml"),
    format: "toml",
    key: "mcp_servers",
    layout: "map",
    stdioEntry: plainStdio,
    // Codex reads a bearer token from a named variable of its own environment, so the token need
    // not sit in the file; without such a variable it goes in as a header.
    httpEntry: (input: HttpEntryInput) =>
      input.tokenEnvVar
        ? { url: input.url, bearer_token_env_var: input.tokenEnvVar }
        : { url: input.url, http_headers: bearerHeaders(input) },
  },
  {
    id: "gemini",
    name: "Gemini CLI",
    userFile: (ctx) => home(ctx, ".gemini", "settings.json"),
    projectFile: join(".gemini", "settings.json"),
    format: "jsonc",
    key: "mcpServers",
    layout: "map",
    stdioEntry: plainStdio,
    // Gemini reads `url` as an SSE endpoint; Streamable HTTP is `httpUrl`.
    httpEntry: (input) => ({ httpUrl: input.url, headers: bearerHeaders(input) }),
  },
  {
    id: "windsurf",
    name: "Windsurf",
    userFile: (ctx) => home(ctx, ".codeium", "windsurf", "mcp_config.json"),
    format: "json",
    key: "mcpServers",
    layout: "map",
    stdioEntry: plainStdio,
    httpEntry: (input) => ({ serverUrl: input.url, headers: bearerHeaders(input) }),
  },
  {
    id: "zed",
    name: "Zed",
    userFile: (ctx) => (ctx.platform === "win32" ? join(appDataDir(ctx), "Zed", "settings.json") : join(xdgConfigDir(ctx), "zed", "settings.json")),
    format: "jsonc",
    key: "context_servers",
    layout: "map",
    // `source: "custom"` marks an entry written by hand rather than by a Zed extension.
    stdioEntry: (input) => ({ source: "custom", ...plainStdio(input) }),
    httpEntry: (input) => ({ source: "custom", ...plainHttp(input) }),
  },
  {
    id: "lmstudio",
    name: "LM Studio",
    userFile: (ctx) => home(ctx, ".lmstudio", "mcp.json"),
    format: "json",
    key: "mcpServers",
    layout: "map",
    stdioEntry: plainStdio,
    httpEntry: plainHttp,
  },
  {
    id: "continue",
    name: "Continue",
    userFile: (ctx) => home(ctx, ".continue", "config.yaml"),
    format: "yaml",
    key: "mcpServers",
    layout: "list",
    stdioEntry: (input) => ({ name: "mcpgw", ...plainStdio(input) }),
    // `name`, `type` and `url` are Continue's documented form; where it takes the headers
    // (`requestOptions.headers`, as for its models) could not be confirmed from its docs.
    httpEntry: (input) => ({ name: "mcpgw", type: "streamable-http", url: input.url, requestOptions: { headers: bearerHeaders(input) } }),
  },
  {
    id: "goose",
    name: "Goose",
    userFile: (ctx) =>
      ctx.platform === "win32" ? join(appDataDir(ctx), "Block", "goose", "config", "config.yaml") : join(xdgConfigDir(ctx), "goose", "config.yaml"),
    format: "yaml",
    key: "extensions",
    layout: "map",
    stdioEntry: (input) => ({
      type: "stdio",
      name: "mcpgw",
      cmd: input.command,
      args: [...input.args],
      envs: envOf(input) ?? {},
      enabled: true,
      timeout: 300,
    }),
    httpEntry: (input) => ({ type: "streamable_http", name: "mcpgw", uri: input.url, headers: bearerHeaders(input), enabled: true, timeout: 300 }),
  },
  {
    id: "kiro",
    name: "Kiro",
    userFile: (ctx) => home(ctx, ".kiro", "settings", "mcp.json"),
    installDir: (ctx) => home(ctx, ".kiro"),
    projectFile: join(".kiro", "settings", "mcp.json"),
    format: "json",
    key: "mcpServers",
    layout: "map",
    stdioEntry: plainStdio,
    httpEntry: plainHttp,
  },
  {
    id: "opencode",
    name: "opencode",
    userFile: (ctx) => join(xdgConfigDir(ctx), "opencode", "opencode.json"),
    projectFile: "opencode.json",
    format: "jsonc",
    key: "mcp",
    layout: "map",
    stdioEntry: (input) => {
      const environment = envOf(input);
      return { type: "local", command: [input.command, ...input.args], ...(environment ? { environment } : {}), enabled: true };
    },
    httpEntry: (input) => ({ type: "remote", url: input.url, headers: bearerHeaders(input), enabled: true }),
  },
  {
    id: "cline",
    name: "Cline",
    userFile: (ctx) => join(appDataDir(ctx), "Code", "User", "globalStorage", "saoudrizwan.claude-dev", "settings", "cline_mcp_settings.json"),
    installDir: (ctx) => join(appDataDir(ctx), "Code", "User", "globalStorage", "saoudrizwan.claude-dev"),
    format: "json",
    key: "mcpServers",
    layout: "map",
    stdioEntry: plainStdio,
    // Cline's docs name `url` (and `headers`) for remote servers and pick the transport in its UI;
    // the field that selects Streamable HTTP in the file could not be confirmed from them, so this
    // is the documented `url` + `headers` form.
    httpEntry: plainHttp,
  },
  {
    id: "crush",
    name: "Crush",
    userFile: (ctx) => join(xdgConfigDir(ctx), "crush", "crush.json"),
    projectFile: ".crush.json",
    format: "json",
    key: "mcp",
    layout: "map",
    stdioEntry: (input) => withType("stdio", plainStdio(input)),
    httpEntry: (input) => withType("http", plainHttp(input)),
  },
  {
    id: "sema4",
    name: "Sema4.ai Studio",
    userFile: (ctx) => home(ctx, ".sema4ai", "sema4ai-studio", "mcp_servers.json"),
    installDir: (ctx) => home(ctx, ".sema4ai"),
    format: "json",
    key: "mcpServers",
    layout: "map",
    stdioEntry: (input) => ({ ...plainStdio(input), transport: "stdio" }),
    // Not confirmed from Sema4.ai's docs: the HTTP entry follows the stdio one's `transport` field
    // with the generic `url` + `headers`.
    httpEntry: (input) => ({ ...plainHttp(input), transport: "streamable-http" }),
  },
];

/** The client with this id, or `undefined`. */
export function findClient(id: string): McpClient | undefined {
  return CLIENTS.find((c) => c.id === id);
}
