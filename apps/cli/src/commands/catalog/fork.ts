import { createCatalogStore } from "@mcpgw/catalog";
import { ErrorCode, GatewayError } from "@mcpgw/core";
import { invalidFileError } from "@mcpgw/user-files";
import { Args } from "@oclif/core";
import { BaseCommand } from "../../base-command.js";

export default class CatalogFork extends BaseCommand {
  static override summary = "Copy a catalog of MCPGW_HOME under a new name, to change it without touching the original.";
  static override examples = ["<%= config.bin %> catalog fork docker-mcp team"];
  static override args = {
    source: Args.string({ description: "the catalog to copy", required: true }),
    name: Args.string({ description: "the new catalog's name", required: true }),
  };

  async run(): Promise<void> {
    const { args } = await this.parse(CatalogFork);
    const store = createCatalogStore(this.home.catalogsDir);
    if (await store.has(args.name)) {
      throw new GatewayError(ErrorCode.INVALID_ARGUMENT, `catalog "${args.name}" exists already`, { suggestion: `pick another name, or \`mcpgw catalog rm ${args.name}\` first` });
    }
    const parsed = await store.load(args.source);
    if (!parsed.ok) throw invalidFileError(parsed.errors);
    const report = await store.import(args.name, parsed.value, { displayName: args.name });
    this.log(`Forked catalog ${args.source} into ${args.name} (${report.added.length} servers).`);
  }
}
