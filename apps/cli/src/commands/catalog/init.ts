import { existsSync } from "node:fs";
import { createCatalogStore, parseCatalog } from "@mcpgw/catalog";
import { invalidFileError } from "@mcpgw/core/node";
import { enableServers } from "@mcpgw/registry";
import { stringify } from "yaml";
import { BaseCommand } from "../../base-command.js";
import { STARTER_CATALOG, STARTER_ENABLED, starterCatalog } from "../../starter-catalog.js";

export default class CatalogInit extends BaseCommand {
  static override summary = "Give MCPGW_HOME the starter catalog: servers that run without Docker.";
  static override description =
    "Writes (or merges into) the `starter` catalog: mcpgw's example servers and MCP reference servers run with npx. " +
    "Entries you added to that catalog are kept. In a home with no registry yet, the example servers are enabled.";
  static override examples = ["<%= config.bin %> catalog init"];
  static override enableJsonFlag = true;

  async run() {
    const home = this.home;
    const parsed = parseCatalog(stringify(starterCatalog(home)), "<starter catalog>");
    if (!parsed.ok) throw invalidFileError(parsed.errors);
    const firstRun = !existsSync(home.registryFile);
    const report = await createCatalogStore(home.catalogsDir).import(STARTER_CATALOG, parsed.value);
    const enabled = firstRun ? (await enableServers(home.registryFile, STARTER_ENABLED, STARTER_ENABLED)).enabled : [];
    if (!this.jsonEnabled()) {
      this.log(`Catalog ${STARTER_CATALOG}: ${report.added.length} added, ${report.updated.length} updated, ${report.unchanged.length} unchanged.`);
      if (enabled.length > 0) this.log(`Enabled ${enabled.join(", ")}. \`mcpgw catalog show\` lists the rest; \`mcpgw server enable NAME\` adds one.`);
    }
    return { catalog: STARTER_CATALOG, ...report, enabled };
  }
}
