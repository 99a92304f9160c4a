import { loadProfile } from "@mcpgw/registry";
import { BaseCommand, formatTable } from "../../base-command.js";
import { formatFlag } from "../../docker-flags.js";
import { profileArg } from "../../profile-flags.js";
import { formatWarnings } from "../../server-listing.js";

export default class ProfileShow extends BaseCommand {
  static override summary = "Show a profile's servers, the tools each serves and its config overrides.";
  static override examples = ["<%= config.bin %> profile show review", "<%= config.bin %> profile show review --json"];
  static override enableJsonFlag = true;
  static override args = { name: profileArg };
  static override flags = { format: formatFlag };

  async run() {
    const { args } = await this.parse(ProfileShow);
    const profile = await loadProfile(this.home, args.name);
    for (const line of formatWarnings(profile.warnings)) this.notice(line);
    const result = {
      name: profile.name,
      file: profile.file,
      // `tools: null` is every tool, as a missing list is in the file.
      servers: Object.entries(profile.servers).map(([name, s]) => ({ name, tools: s.tools ?? null, config: s.config ?? {} })),
      dynamicTools: profile.dynamicTools,
      toolBudget: profile.toolBudget,
    };
    if (!this.jsonEnabled()) {
      if (result.servers.length === 0) this.log(`Profile ${profile.name} has no servers yet.`);
      else
        this.log(
          formatTable(
            ["SERVER", "TOOLS", "CONFIG"],
            result.servers.map((s) => [
              s.name,
              s.tools === null ? "all" : s.tools.length === 0 ? "none" : s.tools.join(", "),
              Object.entries(s.config).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(" "),
            ]),
          ),
        );
      if (profile.dynamicTools !== undefined) this.log(`dynamicTools: ${profile.dynamicTools}`);
      if (profile.toolBudget !== undefined) this.log(`toolBudget: ${profile.toolBudget}`);
    }
    return result;
  }
}
