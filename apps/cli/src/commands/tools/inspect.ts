import { Args } from "@oclif/core";
import { stringify } from "yaml";
import { BaseCommand } from "../../base-command.js";
import { allTools, findTool, gatewayClientFlags, withGateway } from "../../tools-flags.js";

export default class ToolsInspect extends BaseCommand {
  static override summary = "Show one tool: its description, arguments and annotations.";
  static override examples = ["<%= config.bin %> tools inspect now"];
  static override enableJsonFlag = true;
  static override flags = gatewayClientFlags;
  static override args = { name: Args.string({ description: "tool name", required: true }) };

  async run() {
    const { args, flags } = await this.parse(ToolsInspect);
    return withGateway(flags, async (client) => {
      const tool = findTool(await allTools(client), args.name);
      if (!this.jsonEnabled()) this.log(stringify(tool).trimEnd());
      return tool;
    });
  }
}
