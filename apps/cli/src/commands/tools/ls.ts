import { BaseCommand, formatTable } from "../../base-command.js";
import { allTools, gatewayClientFlags, withGateway } from "../../tools-flags.js";

export default class ToolsLs extends BaseCommand {
  static override aliases = ["tools:list"];
  static override summary = "List the tools the gateway serves.";
  static override examples = ["<%= config.bin %> tools ls", "<%= config.bin %> tools ls --url http://127.0.0.1:8811/mcp --json"];
  static override enableJsonFlag = true;
  static override flags = gatewayClientFlags;

  async run() {
    const { flags } = await this.parse(ToolsLs);
    return withGateway(flags, async (client) => {
      const tools = await allTools(client);
      if (!this.jsonEnabled()) this.log(formatTable(["NAME", "DESCRIPTION"], tools.map((t) => [t.name, (t.description ?? "").split("\n")[0]!.slice(0, 100)])));
      return tools;
    });
  }
}
