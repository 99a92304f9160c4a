import { BaseCommand } from "../../base-command.js";
import { allTools, gatewayClientFlags, withGateway } from "../../tools-flags.js";

export default class ToolsCount extends BaseCommand {
  static override summary = "Count the tools the gateway serves.";
  static override examples = ["<%= config.bin %> tools count"];
  static override enableJsonFlag = true;
  static override flags = gatewayClientFlags;

  async run() {
    const { flags } = await this.parse(ToolsCount);
    return withGateway(flags, async (client) => {
      const count = (await allTools(client)).length;
      if (!this.jsonEnabled()) this.log(`${count} tools`);
      return { count };
    });
  }
}
