import { disableTools, loadConfigPlane } from "@mcpgw/registry";
import { BaseCommand } from "../../base-command.js";
import { catalogToolsOf, toolsByServer, toolSelectionArgs, toolSelectionFlags } from "../../tool-selection.js";

export default class ToolsDisable extends BaseCommand {
  static override summary = "Disable tools in tools.yaml.";
  static override description =
    "A server with no entry in tools.yaml gets the list of its catalog tools minus these; a server with a list loses them. Comments and other entries are kept.";
  static override examples = ["<%= config.bin %> tools disable delete_note", "<%= config.bin %> tools disable now --server clock"];
  static override strict = false;
  static override args = toolSelectionArgs;
  static override flags = toolSelectionFlags;

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(ToolsDisable);
    const plane = await loadConfigPlane({ home: this.home });
    const edit = await disableTools(this.home.toolsFile, toolsByServer(plane, argv as string[], flags.server), (s) => catalogToolsOf(plane, s));
    if (edit.changed.length > 0) this.log(`Disabled ${edit.changed.join(", ")}.`);
    if (edit.unchanged.length > 0) this.log(`Already disabled: ${edit.unchanged.join(", ")}.`);
  }
}
