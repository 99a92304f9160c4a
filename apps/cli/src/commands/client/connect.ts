import type { GatewayEntry } from "@mcpgw/clients";
import { connectClient } from "@mcpgw/clients";
import { ErrorCode, GatewayError } from "@mcpgw/core";
import { loadProfile } from "@mcpgw/registry";
import { Flags } from "@oclif/core";
import { BaseCommand } from "../../base-command.js";
import { clientArg, clientFlags, gatewayStdioEntry, gatewayToken, targetOf } from "../../client-flags.js";

export default class ClientConnect extends BaseCommand {
  static override summary = "Add mcpgw to an AI client's MCP configuration.";
  static override description =
    "Writes an `mcpgw` entry into the client's file, keeping everything else in it (a copy of the previous content goes to FILE.bak). " +
    "By default the entry runs this installation's `mcpgw gateway run` over stdio; with --url it points at a running HTTP gateway and sends its token. " +
    "With --profile the entry serves that profile's servers and tools: `gateway run --profile NAME`, or the gateway's `/mcp/NAME`. " +
    "Without --global, clients that read a project file get the one in the current folder.";
  static override examples = [
    "<%= config.bin %> client connect cursor",
    "<%= config.bin %> client connect claude-desktop --global --replace-docker",
    "MCPGW_AUTH_TOKEN=… <%= config.bin %> client connect codex -g --url http://127.0.0.1:8811/mcp",
    "<%= config.bin %> client connect --file ./mcp.json --format json",
    "<%= config.bin %> client connect cursor --profile review",
  ];
  static override args = { client: clientArg };
  static override flags = {
    ...clientFlags,
    url: Flags.string({ description: "connect to a gateway served over HTTP at this URL, instead of running one over stdio" }),
    "replace-docker": Flags.boolean({ description: "remove Docker's MCP_DOCKER entry in the same write" }),
    profile: Flags.string({ description: "serve the client this profile (MCPGW_HOME/profiles/NAME.yaml): its servers and tools only" }),
  };

  async run() {
    const { args, flags } = await this.parse(ClientConnect);
    const target = targetOf(args.client, flags);
    // The profile must exist now: a typo would otherwise surface only in the client, later.
    if (flags.profile !== undefined) await loadProfile(this.home, flags.profile);
    const entry = flags.url
      ? await this.httpEntry(flags.profile === undefined ? flags.url : profileUrl(flags.url, flags.profile))
      : gatewayStdioEntry(this.home, flags.profile);
    const outcome = await connectClient(target, entry, { replaceDocker: flags["replace-docker"] });
    if (!outcome.changed) this.log(`${outcome.file} already has this mcpgw entry.`);
    else this.log(`Connected: ${outcome.file}${outcome.backup ? ` (previous content in ${outcome.backup})` : ""}`);
    if (args.client === "claude-desktop" && flags.url) {
      this.notice("Claude Desktop does not read remote servers from its file; connect without --url to run the gateway over stdio.");
    }
  }

  // The token never comes from a flag: a value in argv would show in process listings and shell history.
  private async httpEntry(url: string): Promise<GatewayEntry> {
    const found = await gatewayToken(this.home);
    if (!found) {
      throw new GatewayError(ErrorCode.INVALID_ARGUMENT, "--url needs the gateway's token", {
        suggestion: "Set MCPGW_AUTH_TOKEN to the token the gateway uses, or start it once over HTTP (`mcpgw gateway run --transport streaming`), which keeps its token in MCPGW_HOME.",
      });
    }
    return { kind: "http", url, token: found.token, ...(found.fromEnv ? { tokenEnvVar: "MCPGW_AUTH_TOKEN" } : {}) };
  }
}

/** The profile's endpoint of a gateway whose `/mcp` URL is `url`: `…/mcp/NAME`. */
function profileUrl(url: string, profile: string): string {
  const parsed = new URL(url);
  if (!/\/mcp\/?$/.test(parsed.pathname)) {
    throw new GatewayError(ErrorCode.INVALID_ARGUMENT, `with --profile, --url is the gateway's /mcp URL, not ${parsed.pathname}`, { suggestion: `Give --url ${parsed.origin}/mcp: the entry points at ${parsed.origin}/mcp/${profile}.` });
  }
  parsed.pathname = `${parsed.pathname.replace(/\/$/, "")}/${profile}`;
  return parsed.href;
}
