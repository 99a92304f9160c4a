import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { ClientTarget, ConfigFormat, GatewayEntry } from "@mcpgw/clients";
import { clientTarget, CLIENTS, currentClientContext, findClient, genericShape } from "@mcpgw/clients";
import { ErrorCode, GatewayError } from "@mcpgw/core";
import type { HomeLayout } from "@mcpgw/user-files";
import { readFileIfExists } from "@mcpgw/user-files";
import { Args, Flags } from "@oclif/core";

/** The positional CLIENT of `client connect` and `client disconnect`. */
export const clientArg = Args.string({
  name: "client",
  description: `the client: ${CLIENTS.map((c) => c.id).join(", ")}`,
  options: CLIENTS.map((c) => c.id),
});

/** Flags shared by `client connect` and `client disconnect`. */
export const clientFlags = {
  global: Flags.boolean({ char: "g", description: "edit the client's user file rather than the project file in this folder" }),
  file: Flags.string({ description: "edit this file instead of a known client's, in the generic mcpServers shape", dependsOn: ["format"] }),
  format: Flags.string({ description: "format of --file", options: ["json", "toml", "yaml"], dependsOn: ["file"] }),
};

/** The file a command edits: `--file` in the generic shape, or the client's own file. */
export function targetOf(client: string | undefined, flags: { global: boolean; file?: string; format?: string }): ClientTarget {
  if (flags.file) return { file: resolve(flags.file), shape: genericShape(flags.format as ConfigFormat), project: false };
  const known = client === undefined ? undefined : findClient(client);
  if (!known) {
    throw new GatewayError(ErrorCode.INVALID_ARGUMENT, client ? `unknown client "${client}"` : "name a client, or a file with --file and --format", {
      suggestion: "`mcpgw client ls` lists the clients mcpgw knows.",
    });
  }
  return clientTarget(known, currentClientContext(), { global: flags.global });
}

/**
 * The stdio entry that runs this installation's gateway: absolute paths to node and to this
 * package's `bin/run.js`, because GUI clients start servers without the shell's PATH. A custom
 * MCPGW_HOME goes along, so the client's gateway reads the same files as this command; a
 * `profile` becomes `--profile NAME`.
 */
export function gatewayStdioEntry(home: HomeLayout, profile?: string, env: NodeJS.ProcessEnv = process.env): GatewayEntry {
  const bin = fileURLToPath(new URL("../bin/run.js", import.meta.url));
  return {
    kind: "stdio",
    command: process.execPath,
    args: [bin, "gateway", "run", ...(profile === undefined ? [] : ["--profile", profile])],
    ...(env.MCPGW_HOME ? { env: { MCPGW_HOME: home.root } } : {}),
  };
}

/**
 * The gateway's bearer token: `MCPGW_AUTH_TOKEN`, else the token an HTTP gateway keeps in the
 * home (`mcpgw gateway token`) when there is one. `fromEnv` says whether it came from the variable, so a client that reads
 * its token from a variable (Codex) can name it instead of holding the token.
 */
export async function gatewayToken(home: HomeLayout, env: NodeJS.ProcessEnv = process.env): Promise<{ token: string; fromEnv: boolean } | undefined> {
  if (env.MCPGW_AUTH_TOKEN) return { token: env.MCPGW_AUTH_TOKEN, fromEnv: true };
  const token = (await readFileIfExists(home.authTokenFile))?.trim();
  return token ? { token, fromEnv: false } : undefined;
}
