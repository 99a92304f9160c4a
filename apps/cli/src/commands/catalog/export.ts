import { resolve } from "node:path";
import { createCatalogStore } from "@mcpgw/catalog";
import { Args } from "@oclif/core";
import { BaseCommand } from "../../base-command.js";

export default class CatalogExport extends BaseCommand {
  static override summary = "Write a catalog of MCPGW_HOME to a file, exactly as it is.";
  static override examples = ["<%= config.bin %> catalog export starter ./starter.yaml"];
  static override args = {
    name: Args.string({ description: "catalog name", required: true }),
    file: Args.string({ description: "where to write it", required: true }),
  };

  async run(): Promise<void> {
    const { args } = await this.parse(CatalogExport);
    const dest = resolve(args.file);
    await createCatalogStore(this.home.catalogsDir).export(args.name, dest);
    this.log(`Exported catalog ${args.name} to ${dest}.`);
  }
}
