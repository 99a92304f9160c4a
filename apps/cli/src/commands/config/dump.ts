import { readFileIfExists } from "@mcpgw/user-files";
import { BaseCommand } from "../../base-command.js";

export default class ConfigDump extends BaseCommand {
  static override summary = "Print config.yaml as it is, comments included (nothing when there is none).";
  static override description = "`mcpgw config restore FILE` puts such a copy back.";
  static override examples = ["<%= config.bin %> config dump > config-backup.yaml"];

  async run(): Promise<void> {
    await this.parse(ConfigDump);
    const text = await readFileIfExists(this.home.configFile);
    if (text !== undefined) process.stdout.write(text);
  }
}
