import { disconnectClient } from "@mcpgw/clients";
import { BaseCommand } from "../../base-command.js";
import { clientArg, clientFlags, targetOf } from "../../client-flags.js";

export default class ClientDisconnect extends BaseCommand {
  static override summary = "Remove mcpgw from an AI client's MCP configuration.";
  static override description = "Removes the `mcpgw` entry and nothing else from the client's file (a copy of the previous content goes to FILE.bak).";
  static override examples = ["<%= config.bin %> client disconnect cursor", "<%= config.bin %> client disconnect claude-desktop --global"];
  static override args = { client: clientArg };
  static override flags = clientFlags;

  async run() {
    const { args, flags } = await this.parse(ClientDisconnect);
    const outcome = await disconnectClient(targetOf(args.client, flags));
    this.log(outcome.changed ? `Disconnected: ${outcome.file}` : `${outcome.file} has no mcpgw entry.`);
  }
}
