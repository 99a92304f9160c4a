import { createCatalogStore, setCatalogSource } from "@mcpgw/catalog";
import { Args } from "@oclif/core";
import { BaseCommand } from "../../base-command.js";

export default class CatalogRm extends BaseCommand {
  static override summary = "Remove a catalog from MCPGW_HOME/catalogs.";
  static override examples = ["<%= config.bin %> catalog rm team"];
  static override args = { name: Args.string({ description: "catalog name", required: true }) };

  async run(): Promise<void> {
    const { args } = await this.parse(CatalogRm);
    await createCatalogStore(this.home.catalogsDir).remove(args.name);
    // `catalog update` must not bring it back.
    await setCatalogSource(this.home.catalogIndexFile, args.name, undefined);
    this.log(`Removed catalog ${args.name}.`);
  }
}
