import { resetConfig } from "@mcpgw/registry";
import { Args } from "@oclif/core";
import { BaseCommand } from "../../base-command.js";

export default class ConfigReset extends BaseCommand {
  static override summary = "Remove configuration values: of the named servers, or all.";
  static override examples = ["<%= config.bin %> config reset", "<%= config.bin %> config reset filesystem"];
  static override strict = false;
  static override args = { names: Args.string({ description: "config names (usually server names); all when none" }) };

  async run(): Promise<void> {
    const { argv } = await this.parse(ConfigReset);
    const names = argv as string[];
    const removed = await resetConfig(this.home.configFile, names.length > 0 ? names : undefined);
    this.log(removed.length === 0 ? "Nothing to reset." : `Removed the values of ${removed.join(", ")}.`);
  }
}
