import { didYouMean, ErrorCode, GatewayError } from "@mcpgw/core";
import { Flags } from "@oclif/core";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { connectGateway } from "./gateway-client.js";
import { formatFlag, listFlag } from "./docker-flags.js";

/** Flags shared by the `tools` commands: a running gateway, or what to start one with. */
export const gatewayClientFlags = {
  url: Flags.string({ description: "a running gateway's MCP endpoint, e.g. http://127.0.0.1:8811/mcp; without it a stdio gateway is started" }),
  token: Flags.string({ description: "bearer token for --url (default MCPGW_AUTH_TOKEN)" }),
  servers: Flags.string({ description: "for a started gateway: serve these servers (repeat or comma-separate)", multiple: true }),
  secrets: Flags.string({ description: "for a started gateway: the secret providers", env: "MCPGW_SECRETS" }),
  "gateway-arg": Flags.string({ description: "for a started gateway: more `gateway run` arguments (repeat or comma-separate)", multiple: true }),
  verbose: Flags.boolean({ description: "for a started gateway: its logs, verbose, on stderr" }),
  format: formatFlag,
};

/** Connects as the flags say. */
export function clientFor(flags: { url?: string; token?: string; servers?: string[]; secrets?: string; "gateway-arg"?: string[]; verbose?: boolean }): Promise<Client> {
  const servers = listFlag(flags.servers);
  return connectGateway({
    ...(flags.url ? { url: flags.url } : {}),
    ...(flags.token ? { token: flags.token } : {}),
    gatewayArgs: [
      ...(servers ? ["--servers", servers.join(",")] : []),
      ...(flags.secrets ? ["--secrets", flags.secrets] : []),
      ...(listFlag(flags["gateway-arg"]) ?? []),
    ],
    verbose: flags.verbose === true,
  });
}

/** Runs `fn` with a client of the gateway the flags name, and closes it afterwards. */
export async function withGateway<T>(flags: Parameters<typeof clientFor>[0], fn: (client: Client) => Promise<T>): Promise<T> {
  const client = await clientFor(flags);
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}

/** Every tool, following the gateway's pages. */
export async function allTools(client: Client) {
  const tools = [];
  let cursor: string | undefined;
  do {
    const page = await client.listTools(cursor ? { cursor } : undefined);
    tools.push(...page.tools);
    cursor = page.nextCursor;
  } while (cursor);
  return tools;
}

/** The tool of that name, or NOT_FOUND with the closest names. */
export function findTool<T extends { name: string }>(tools: readonly T[], name: string): T {
  const tool = tools.find((t) => t.name === name);
  if (!tool) throw new GatewayError(ErrorCode.NOT_FOUND, `no tool "${name}".${didYouMean(name, tools.map((t) => t.name))}`);
  return tool;
}
