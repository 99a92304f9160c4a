import { BaseCommand } from "../../base-command.js";
import { installStarterCatalog, STARTER_CATALOG } from "../../starter-catalog.js";

export default class CatalogInit extends BaseCommand {
  static override summary = "Give MCPGW_HOME the starter catalog: servers that run without Docker.";
  static override description =
    "Writes (or merges into) the `starter` catalog: mcpgw's example servers and MCP reference servers run with npx. " +
    "Entries you added to that catalog are kept. In a home with no registry yet, the example servers are enabled.";
  static override examples = ["<%= config.bin %> catalog init"];
  static override enableJsonFlag = true;

  async run() {
    const result = await installStarterCatalog(this.home);
    if (!this.jsonEnabled()) {
      this.log(`Catalog ${STARTER_CATALOG}: ${result.added.length} added, ${result.updated.length} updated, ${result.unchanged.length} unchanged.`);
      if (result.enabled.length > 0) this.log(`Enabled ${result.enabled.join(", ")}. \`mcpgw catalog show\` lists the rest; \`mcpgw server enable NAME\` adds one.`);
    }
    return { catalog: STARTER_CATALOG, ...result };
  }
}
