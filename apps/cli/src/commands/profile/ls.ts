import { listProfiles } from "@mcpgw/registry";
import { BaseCommand, formatTable } from "../../base-command.js";
import { formatFlag } from "../../docker-flags.js";
import { formatWarnings } from "../../server-listing.js";

export default class ProfileLs extends BaseCommand {
  static override aliases = ["profile:list"];
  static override summary = "List the profiles in MCPGW_HOME/profiles.";
  static override examples = ["<%= config.bin %> profile ls", "<%= config.bin %> profile ls --json"];
  static override enableJsonFlag = true;
  static override flags = { format: formatFlag };

  async run() {
    await this.parse(ProfileLs);
    const listings = await listProfiles(this.home);
    const rows = listings.map((l) =>
      l.ok
        ? { name: l.name, file: l.file, valid: true as const, servers: Object.keys(l.profile.servers), dynamicTools: l.profile.dynamicTools, toolBudget: l.profile.toolBudget }
        : { name: l.name, file: l.file, valid: false as const, errors: l.errors },
    );
    for (const l of listings) for (const line of formatWarnings(l.ok ? l.profile.warnings : l.errors)) this.notice(line);
    if (!this.jsonEnabled()) {
      if (rows.length === 0) this.log("No profiles yet. `mcpgw profile create NAME --server S` creates one.");
      else this.log(formatTable(["NAME", "SERVERS", "FILE"], rows.map((r) => [r.name, r.valid ? r.servers.join(", ") : "invalid", r.file])));
    }
    return rows;
  }
}
