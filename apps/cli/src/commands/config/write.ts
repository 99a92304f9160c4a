import { ErrorCode, formatDiagnostic, GatewayError } from "@mcpgw/core";
import { parseUserYaml } from "@mcpgw/user-files";
import { ConfigFileSchema, writeConfig } from "@mcpgw/registry";
import { Args } from "@oclif/core";
import { BaseCommand } from "../../base-command.js";

export default class ConfigWrite extends BaseCommand {
  static override summary = "Merge values into config.yaml; values not given are kept.";
  static override description =
    "YAML (or JSON) of the form `server: {key: value}`. Maps merge key by key; lists and scalars replace.";
  static override examples = [
    "<%= config.bin %> config write 'filesystem: {paths: [/home/me/src]}'",
    `<%= config.bin %> config write '{"github": {"org": "acme"}}'`,
  ];
  static override args = { yaml: Args.string({ description: "the values, as YAML", required: true }) };

  async run(): Promise<void> {
    const { args } = await this.parse(ConfigWrite);
    const parsed = parseUserYaml(args.yaml, "<argument>", ConfigFileSchema, { empty: {} });
    if (!parsed.ok) {
      throw new GatewayError(ErrorCode.INVALID_ARGUMENT, parsed.errors.map(formatDiagnostic).join("\n"), {
        suggestion: "give YAML like 'server: {key: value}'",
      });
    }
    const changed = await writeConfig(this.home.configFile, parsed.value.value);
    this.log(changed.length === 0 ? "Nothing changed." : `Updated ${changed.join(", ")}.`);
  }
}
