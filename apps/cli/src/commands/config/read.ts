import { loadConfig } from "@mcpgw/registry";
import { stringify } from "yaml";
import { formatFlag } from "../../docker-flags.js";
import { BaseCommand } from "../../base-command.js";

export default class ConfigRead extends BaseCommand {
  static override summary = "Print the per-server configuration values (config.yaml).";
  static override examples = ["<%= config.bin %> config read", "<%= config.bin %> config read --json"];
  static override enableJsonFlag = true;
  static override flags = { format: formatFlag };

  async run(): Promise<Record<string, unknown>> {
    await this.parse(ConfigRead);
    const { value } = await loadConfig(this.home.configFile);
    if (!this.jsonEnabled()) this.log(Object.keys(value).length === 0 ? "{}" : stringify(value).trimEnd());
    return value;
  }
}
