import { createCatalogStore, readCatalogSources, setCatalogSource } from "@mcpgw/catalog";
import { BaseCommand } from "../../base-command.js";

export default class CatalogReset extends BaseCommand {
  static override summary = "Remove every catalog of MCPGW_HOME and what was recorded of their sources, as Docker's `catalog reset` does.";
  static override description =
    "The registry, config and secrets are left alone: enabled servers come back with the catalogs that define them. " +
    "`mcpgw catalog init` installs a catalog again.";
  static override examples = ["<%= config.bin %> catalog reset", "<%= config.bin %> catalog init"];
  static override enableJsonFlag = true;

  async run() {
    const store = createCatalogStore(this.home.catalogsDir);
    const removed: string[] = [];
    for (const catalog of await store.list()) {
      await store.remove(catalog.name);
      removed.push(catalog.name);
    }
    for (const name of Object.keys(await readCatalogSources(this.home.catalogIndexFile))) await setCatalogSource(this.home.catalogIndexFile, name, undefined);
    if (!this.jsonEnabled()) this.log(removed.length > 0 ? `Removed catalogs ${removed.join(", ")}. \`mcpgw catalog init\` installs one again.` : "There were no catalogs.");
    return { removed };
  }
}
