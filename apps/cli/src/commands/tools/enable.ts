import { enableTools, loadConfigPlane } from "@mcpgw/registry";
import { BaseCommand } from "../../base-command.js";
import { toolsByServer, toolSelectionArgs, toolSelectionFlags } from "../../tool-selection.js";

export default class ToolsEnable extends BaseCommand {
  static override summary = "Enable tools in tools.yaml.";
  static override description =
    "A server with no entry in tools.yaml serves all its tools and keeps doing so; a server with a list gets the tools added. Comments and other entries are kept.";
  static override examples = ["<%= config.bin %> tools enable add_note", "<%= config.bin %> tools enable now --server clock"];
  static override strict = false;
  static override args = toolSelectionArgs;
  static override flags = toolSelectionFlags;

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(ToolsEnable);
    const plane = await loadConfigPlane({ home: this.home });
    const edit = await enableTools(this.home.toolsFile, toolsByServer(plane, argv as string[], flags.server));
    if (edit.changed.length > 0) this.log(`Enabled ${edit.changed.join(", ")}.`);
    if (edit.unchanged.length > 0) this.log(`Already enabled: ${edit.unchanged.join(", ")}.`);
  }
}
