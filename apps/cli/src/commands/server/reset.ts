import { resetRegistry } from "@mcpgw/registry";
import { BaseCommand } from "../../base-command.js";

export default class ServerReset extends BaseCommand {
  static override summary = "Disable every server.";
  static override examples = ["<%= config.bin %> server reset"];

  async run(): Promise<void> {
    const was = await resetRegistry(this.home.registryFile);
    this.log(was.length === 0 ? "No server was enabled." : `Disabled ${was.join(", ")}.`);
  }
}
