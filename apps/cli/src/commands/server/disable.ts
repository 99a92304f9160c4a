import { disableServers } from "@mcpgw/registry";
import { Args } from "@oclif/core";
import { BaseCommand } from "../../base-command.js";

export default class ServerDisable extends BaseCommand {
  static override aliases = ["server:remove", "server:rm"];
  static override summary = "Disable servers.";
  static override examples = ["<%= config.bin %> server disable notes"];
  static override strict = false;
  static override args = { names: Args.string({ description: "server names", required: true }) };

  async run(): Promise<void> {
    const { argv } = await this.parse(ServerDisable);
    const result = await disableServers(this.home.registryFile, argv as string[]);
    if (result.disabled.length > 0) this.log(`Disabled ${result.disabled.join(", ")}.`);
    if (result.notEnabled.length > 0) this.log(`Not enabled: ${result.notEnabled.join(", ")}.`);
  }
}
