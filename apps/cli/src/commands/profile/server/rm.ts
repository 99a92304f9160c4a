import { removeProfileServers } from "@mcpgw/registry";
import { BaseCommand } from "../../../base-command.js";
import { profileArg, serverFlag, serversOf } from "../../../profile-flags.js";

export default class ProfileServerRm extends BaseCommand {
  static override aliases = ["profile:server:remove"];
  static override summary = "Remove servers from a profile.";
  static override description = "The other servers, and the file's comments, are kept.";
  static override examples = ["<%= config.bin %> profile server rm review --server fetch"];
  static override args = { name: profileArg };
  static override flags = { server: serverFlag({ required: true, description: "a server of the profile" }) };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ProfileServerRm);
    const result = await removeProfileServers(this.home, args.name, serversOf(flags.server));
    if (result.removed.length > 0) this.log(`Removed ${result.removed.join(", ")} from profile ${args.name}.`);
    if (result.notInProfile.length > 0) this.log(`Not in profile ${args.name}: ${result.notInProfile.join(", ")}.`);
  }
}
