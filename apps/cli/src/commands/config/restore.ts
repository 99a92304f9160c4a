import { text } from "node:stream/consumers";
import { ErrorCode, formatDiagnostic, GatewayError } from "@mcpgw/core";
import { ConfigFileSchema } from "@mcpgw/registry";
import { parseUserYaml, updateFile } from "@mcpgw/user-files";
import { Args } from "@oclif/core";
import { BaseCommand } from "../../base-command.js";
import { readInputFile } from "../../input-file.js";

export default class ConfigRestore extends BaseCommand {
  static override summary = "Replace config.yaml with a file (or stdin, `-`), after checking it is a config file.";
  static override description =
    "The file replaces config.yaml whole and atomically, comments included. One that does not parse, or is not a " +
    "map of config names to values, is reported with its line and field, and config.yaml is left as it was.";
  static override examples = ["<%= config.bin %> config restore config-backup.yaml", "<%= config.bin %> config dump | <%= config.bin %> config restore -"];
  static override args = { file: Args.string({ description: "the file to restore, or - for stdin", required: true }) };

  async run(): Promise<void> {
    const { args } = await this.parse(ConfigRestore);
    const name = args.file === "-" ? "<stdin>" : args.file;
    const content = args.file === "-" ? await text(process.stdin) : await readInputFile(args.file);
    const parsed = parseUserYaml(content, name, ConfigFileSchema, { empty: {} });
    if (!parsed.ok) {
      throw new GatewayError(ErrorCode.CONFIG_INVALID, parsed.errors.map(formatDiagnostic).join("\n"), {
        diagnostics: parsed.errors,
        suggestion: "config.yaml is unchanged; fix the file and restore it again.",
      });
    }
    await updateFile(this.home.configFile, () => content);
    this.log(`Restored ${this.home.configFile} from ${name}.`);
  }
}
