import { createProfile } from "@mcpgw/registry";
import { BaseCommand } from "../../base-command.js";
import { catalogServers, profileArg, serverFlag, serversOf } from "../../profile-flags.js";

export default class ProfileCreate extends BaseCommand {
  static override summary = "Create a profile: a named set of servers, each with its tools and config.";
  static override description =
    "Writes MCPGW_HOME/profiles/NAME.yaml with each --server serving every tool. NAME is 1 to 64 letters, digits, '_' or '-': " +
    "the gateway serves the profile at /mcp/NAME. Every server must be in the catalogs; a profile of that name must not exist.";
  static override examples = ["<%= config.bin %> profile create review --server github-official --server fetch", "<%= config.bin %> profile create notes-only --server notes"];
  static override args = { name: profileArg };
  static override flags = { server: serverFlag({ description: "a server of the catalogs" }) };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ProfileCreate);
    const servers = serversOf(flags.server);
    await createProfile(this.home, args.name, servers, await catalogServers(this.home));
    this.log(
      servers.length > 0
        ? `Created profile ${args.name} with ${servers.join(", ")}.`
        : `Created profile ${args.name}. \`mcpgw profile server add ${args.name} --server S\` adds servers to it.`,
    );
  }
}
