import { homedir } from "node:os";
import { join } from "node:path";

/** How a client's configuration file is written. `jsonc` allows comments and trailing commas. */
export type ConfigFormat = "json" | "jsonc" | "toml" | "yaml";

/** The platforms whose file locations the table knows. */
export type Platform = "linux" | "darwin" | "win32";

/** What a stdio entry runs. */
export interface StdioEntryInput {
  command: string;
  args: readonly string[];
  env?: Readonly<Record<string, string>>;
}

/** Where an HTTP entry connects, and the gateway token it sends. */
export interface HttpEntryInput {
  url: string;
  token: string;
  /**
   * The environment variable that holds `token` in the client's environment. A client that can
   * read its bearer token from a variable (Codex) then names the variable and never holds the
   * token itself.
   */
  tokenEnvVar?: string;
}

/** One entry an edit writes: the stdio or the HTTP form. */
export type GatewayEntry = ({ kind: "stdio" } & StdioEntryInput) | ({ kind: "http" } & HttpEntryInput);

/** Where a client keeps its MCP servers inside its file, and the shape of one entry. */
export interface EntryShape {
  format: ConfigFormat;
  /** The top-level key holding the servers. */
  key: string;
  /** A map of name → entry, or a list of entries that carry their `name` (Continue). */
  layout: "map" | "list";
  stdioEntry(input: StdioEntryInput): Record<string, unknown>;
  httpEntry(input: HttpEntryInput): Record<string, unknown>;
}

/** What the file locations depend on. */
export interface ClientContext {
  platform: Platform;
  /** The user's home folder. */
  home: string;
  env: Readonly<Record<string, string | undefined>>;
  /** The project folder, for clients that read a project file. */
  cwd: string;
}

/** One AI client: who it is, where it reads MCP servers, and how an entry looks there. */
export interface McpClient extends EntryShape {
  id: string;
  name: string;
  /** The user ("global") file. */
  userFile(ctx: ClientContext): string;
  /** The project file, relative to the project folder, when the client reads one. */
  projectFile?: string;
  /** The folder whose existence says the client is installed (default: the user file's folder). */
  installDir?(ctx: ClientContext): string;
}

/** The context of this process: its platform, home, environment and working folder. */
export function currentClientContext(): ClientContext {
  const platform: Platform = process.platform === "win32" || process.platform === "darwin" ? process.platform : "linux";
  return { platform, home: process.env.HOME || homedir(), env: process.env, cwd: process.cwd() };
}

/** The per-user application data folder: `%APPDATA%`, `~/Library/Application Support`, or `$XDG_CONFIG_HOME`. */
export function appDataDir(ctx: ClientContext): string {
  if (ctx.platform === "win32") return ctx.env.APPDATA || join(ctx.home, "AppData", "Roaming");
  if (ctx.platform === "darwin") return join(ctx.home, "Library", "Application Support");
  return xdgConfigDir(ctx);
}

/** `$XDG_CONFIG_HOME`, else `~/.config`: where XDG-minded tools keep their files on every platform. */
export function xdgConfigDir(ctx: ClientContext): string {
  return ctx.env.XDG_CONFIG_HOME || join(ctx.home, ".config");
}

/** The `Authorization` header that carries the gateway token. */
export function bearerHeaders(input: HttpEntryInput): Record<string, string> {
  return { Authorization: `Bearer ${input.token}` };
}

/** `command`, `args` and `env` (when there is any): the shape most clients share. */
export function plainStdio(input: StdioEntryInput): Record<string, unknown> {
  return { command: input.command, args: [...input.args], ...(input.env && Object.keys(input.env).length > 0 ? { env: { ...input.env } } : {}) };
}

/** `url` and `headers`: the HTTP shape most clients share. */
export function plainHttp(input: HttpEntryInput): Record<string, unknown> {
  return { url: input.url, headers: bearerHeaders(input) };
}

/** The generic `mcpServers` shape, for `--file`: what most clients read. */
export function genericShape(format: ConfigFormat): EntryShape {
  return { format, key: "mcpServers", layout: "map", stdioEntry: plainStdio, httpEntry: plainHttp };
}

/** The entry of `entry` in `shape`'s form. */
export function entryFor(shape: EntryShape, entry: GatewayEntry): Record<string, unknown> {
  if (entry.kind === "stdio") return shape.stdioEntry(entry);
  return shape.httpEntry(entry);
}
