import { loadConfig } from "@mcpgw/registry";
import { stringify } from "yaml";
import { BaseCommand } from "../../base-command.js";

export default class ConfigRead extends BaseCommand {
  static override summary = "Print the per-server configuration values (config.yaml).";
  static override examples = ["<%= config.bin %> config read", "<%= config.bin %> config read --json"];
  static override enableJsonFlag = true;

  async run(): Promise<Record<string, unknown>> {
    const { value } = await loadConfig(this.home.configFile);
    if (!this.jsonEnabled()) this.log(Object.keys(value).length === 0 ? "{}" : stringify(value).trimEnd());
    return value;
  }
}
