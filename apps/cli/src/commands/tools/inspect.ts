import { didYouMean, ErrorCode, GatewayError } from "@mcpgw/core";
import { Args } from "@oclif/core";
import { stringify } from "yaml";
import { BaseCommand } from "../../base-command.js";
import { allTools, clientFor, gatewayClientFlags } from "../../tools-flags.js";

export default class ToolsInspect extends BaseCommand {
  static override summary = "Show one tool: its description, arguments and annotations.";
  static override examples = ["<%= config.bin %> tools inspect now"];
  static override enableJsonFlag = true;
  static override flags = gatewayClientFlags;
  static override args = { name: Args.string({ description: "tool name", required: true }) };

  async run() {
    const { args, flags } = await this.parse(ToolsInspect);
    const client = await clientFor(flags);
    try {
      const tools = await allTools(client);
      const tool = tools.find((t) => t.name === args.name);
      if (!tool) throw new GatewayError(ErrorCode.NOT_FOUND, `no tool "${args.name}".${didYouMean(args.name, tools.map((t) => t.name))}`);
      if (!this.jsonEnabled()) this.log(stringify(tool).trimEnd());
      return tool;
    } finally {
      await client.close();
    }
  }
}
