import { removeProfile } from "@mcpgw/registry";
import { BaseCommand } from "../../base-command.js";
import { profileArg } from "../../profile-flags.js";

export default class ProfileRm extends BaseCommand {
  static override aliases = ["profile:remove"];
  static override summary = "Remove a profile from MCPGW_HOME/profiles.";
  static override examples = ["<%= config.bin %> profile rm review"];
  static override args = { name: profileArg };

  async run(): Promise<void> {
    const { args } = await this.parse(ProfileRm);
    await removeProfile(this.home, args.name);
    this.log(`Removed profile ${args.name}.`);
  }
}
