import { ErrorCode, GatewayError } from "@mcpgw/core";
import { editProfileTools, loadConfigPlane } from "@mcpgw/registry";
import { Flags } from "@oclif/core";
import { BaseCommand } from "../../base-command.js";
import { listFlag } from "../../docker-flags.js";
import { profileArg } from "../../profile-flags.js";
import { catalogToolsOf } from "../../tool-selection.js";

export default class ProfileTools extends BaseCommand {
  static override summary = "Enable and disable tools of a profile's servers, as server:tool patterns.";
  static override description =
    "The tool part may be a pattern (`github:list_*`, `github:*`). Disabling runs first, so `--disable S:* --enable S:T` keeps only T. " +
    "A server with no tool list serves every tool: disabling one of them writes the list of its catalog tools that remain, " +
    "and `--enable S:*` gives a server every tool again. Comments and other entries of the file are kept.";
  static override examples = [
    "<%= config.bin %> profile tools review --disable github-official:create_issue",
    "<%= config.bin %> profile tools review --disable notes:* --enable notes:list_notes --enable 'notes:get_*'",
  ];
  static override args = { name: profileArg };
  static override flags = {
    enable: Flags.string({ multiple: true, description: "a server:tool pattern to enable (repeat or comma-separate)" }),
    disable: Flags.string({ multiple: true, description: "a server:tool pattern to disable (repeat or comma-separate)" }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ProfileTools);
    const enable = listFlag(flags.enable) ?? [];
    const disable = listFlag(flags.disable) ?? [];
    if (enable.length + disable.length === 0) throw new GatewayError(ErrorCode.INVALID_ARGUMENT, "give --enable or --disable, each a server:tool pattern");
    const plane = await loadConfigPlane({ home: this.home });
    const edit = await editProfileTools(this.home, args.name, { enable, disable }, (s) => catalogToolsOf(plane, s));
    const report = (label: string, from: readonly string[], names: readonly string[]) => {
      const these = names.filter((n) => from.includes(n));
      if (these.length > 0) this.log(`${label} ${these.join(", ")}.`);
    };
    report("Disabled", disable, edit.changed);
    report("Enabled", enable, edit.changed);
    report("Already disabled:", disable, edit.unchanged);
    report("Already enabled:", enable, edit.unchanged);
  }
}
