import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

export interface GatewayClientOptions {
  /** A running gateway's MCP endpoint; without it a stdio gateway is started for the command. */
  url?: string;
  token?: string;
  /** Extra `gateway run` arguments for the started gateway. */
  gatewayArgs?: string[];
}

// The CLI's own entry, to start `mcpgw gateway run --transport stdio` as Docker's CLI does.
const BIN = fileURLToPath(new URL("../bin/run.js", import.meta.url));

/**
 * A client of a gateway: the running one at `url`, or a stdio gateway started for this command
 * (with this process's environment, so MCPGW_HOME and secrets apply).
 */
export async function connectGateway(options: GatewayClientOptions): Promise<Client> {
  const client = new Client({ name: "mcpgw-cli", version: "1" });
  if (options.url) {
    const token = options.token ?? process.env.MCPGW_AUTH_TOKEN;
    await client.connect(
      new StreamableHTTPClientTransport(new URL(options.url), token ? { requestInit: { headers: { Authorization: `Bearer ${token}` } } } : {}),
    );
    return client;
  }
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [BIN, "gateway", "run", "--transport", "stdio", "--watch=false", "--log-calls=false", ...(options.gatewayArgs ?? [])],
      env: Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined)),
      stderr: "pipe",
    }),
  );
  return client;
}
