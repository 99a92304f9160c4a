import { BaseCommand } from "../base-command.js";

export default class Version extends BaseCommand {
  static override summary = "Print mcpgw's version.";
  static override examples = ["<%= config.bin %> version", "<%= config.bin %> version --json"];
  static override enableJsonFlag = true;

  async run() {
    await this.parse(Version);
    const result = { version: this.config.version, node: process.version };
    if (!this.jsonEnabled()) this.log(this.config.version);
    return result;
  }
}
