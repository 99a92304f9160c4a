import { fileURLToPath } from "node:url";
import { ErrorCode, GatewayError, isNodeError } from "@mcpgw/core";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

export interface GatewayClientOptions {
  /** A running gateway's MCP endpoint; without it a stdio gateway is started for the command. */
  url?: string;
  token?: string;
  /** Extra `gateway run` arguments for the started gateway. */
  gatewayArgs?: string[];
  /** Let the started gateway log verbosely to this process's stderr. */
  verbose?: boolean;
}

// The CLI's own entry, to start `mcpgw gateway run --transport stdio` as Docker's CLI does.
const BIN = fileURLToPath(new URL("../bin/run.js", import.meta.url));

/**
 * A client of a gateway: the running one at `url`, or a stdio gateway started for this command
 * (with this process's environment, so MCPGW_HOME and secrets apply).
 */
export async function connectGateway(options: GatewayClientOptions): Promise<Client> {
  const client = new Client({ name: "mcpgw-cli", version: "1" });
  const { url } = options;
  if (url) {
    const token = options.token ?? process.env.MCPGW_AUTH_TOKEN;
    await client
      .connect(new StreamableHTTPClientTransport(new URL(url), token ? { requestInit: { headers: { Authorization: `Bearer ${token}` } } } : {}))
      .catch((error: unknown) => {
        throw unreachable(url, error) ?? error;
      });
    return client;
  }
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [BIN, "gateway", "run", "--transport", "stdio", "--watch=false", "--log-calls=false", ...(options.verbose ? ["--verbose"] : []), ...(options.gatewayArgs ?? [])],
      env: Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined)),
      stderr: options.verbose ? "inherit" : "pipe",
    }),
  );
  return client;
}

/**
 * Nothing answering at the URL (refused, unknown host, reset) is an expected outcome, not a
 * bug: fetch reports it as a TypeError whose cause is the system call's error.
 */
function unreachable(url: string, error: unknown): GatewayError | undefined {
  const cause = error instanceof TypeError ? error.cause : undefined;
  if (!isNodeError(cause)) return undefined;
  return new GatewayError(ErrorCode.IO, `could not reach a gateway at ${url}: ${cause.code ?? cause.message}`, {
    cause: error,
    suggestion: "start one with `mcpgw gateway run --transport streaming`, or leave out --url to start a stdio gateway for this command",
  });
}
