import { addProfileServers } from "@mcpgw/registry";
import { BaseCommand } from "../../../base-command.js";
import { catalogServers, profileArg, serverFlag, serversOf } from "../../../profile-flags.js";

export default class ProfileServerAdd extends BaseCommand {
  static override summary = "Add servers of the catalogs to a profile, each serving every tool.";
  static override description = "Servers the profile has already are left as they are; the file's comments and other entries are kept.";
  static override examples = ["<%= config.bin %> profile server add review --server fetch --server notes"];
  static override args = { name: profileArg };
  static override flags = { server: serverFlag({ required: true, description: "a server of the catalogs" }) };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ProfileServerAdd);
    const result = await addProfileServers(this.home, args.name, serversOf(flags.server), await catalogServers(this.home));
    if (result.added.length > 0) this.log(`Added ${result.added.join(", ")} to profile ${args.name}.`);
    if (result.already.length > 0) this.log(`Already in profile ${args.name}: ${result.already.join(", ")}.`);
  }
}
