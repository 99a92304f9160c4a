import { createCatalogStore, DOCKER_CATALOG_URL, setCatalogSource } from "@mcpgw/catalog";
import { GatewayError } from "@mcpgw/core";
import { invalidFileError } from "@mcpgw/user-files";
import { Flags } from "@oclif/core";
import { BaseCommand } from "../../base-command.js";
import { describeImport, readSource, resolveSource } from "../../catalog-source.js";
import { installStarterCatalog, STARTER_CATALOG } from "../../starter-catalog.js";

const DOCKER_CATALOG = "docker-mcp";

export default class CatalogInit extends BaseCommand {
  static override summary = "Give MCPGW_HOME a catalog: Docker's, when it can be fetched, else the starter catalog.";
  static override description =
    `Fetches Docker's published catalog (${DOCKER_CATALOG_URL}, or MCPGW_DOCKER_CATALOG_URL) into the \`docker-mcp\` catalog, as Docker's \`catalog init\` does. ` +
    "When it cannot be fetched (offline, say), or with --starter, writes (or merges into) the `starter` catalog instead: " +
    "mcpgw's example servers and MCP reference servers run with npx, none of which need Docker, and says why. " +
    "Entries you added to either catalog are kept. In a home with no registry yet, the starter's example servers are enabled.";
  static override examples = ["<%= config.bin %> catalog init", "<%= config.bin %> catalog init --starter"];
  static override enableJsonFlag = true;
  static override flags = { starter: Flags.boolean({ description: "install the starter catalog without trying Docker's" }) };

  async run() {
    const { flags } = await this.parse(CatalogInit);
    let why = "--starter was given";
    if (!flags.starter) {
      const source = resolveSource(DOCKER_CATALOG);
      try {
        const parsed = await readSource(source);
        if (!parsed.ok) throw invalidFileError(parsed.errors);
        const report = await createCatalogStore(this.home.catalogsDir).import(DOCKER_CATALOG, parsed.value);
        await setCatalogSource(this.home.catalogIndexFile, DOCKER_CATALOG, { displayName: parsed.value.displayName ?? "Docker MCP Catalog", url: source.location, lastUpdate: new Date().toISOString() });
        if (!this.jsonEnabled()) {
          this.log(`Installed Docker's catalog from ${source.location}.`);
          this.log(describeImport(DOCKER_CATALOG, report));
          this.log("`mcpgw catalog show docker-mcp` lists its servers; `mcpgw server enable NAME` adds one.");
        }
        return { catalog: DOCKER_CATALOG, source: source.location, ...report, enabled: [] };
      } catch (error) {
        if (!(error instanceof GatewayError)) throw error;
        why = error.message;
      }
    }
    const result = await installStarterCatalog(this.home);
    if (!this.jsonEnabled()) {
      this.log(`Installed the starter catalog instead of Docker's: ${why}.`);
      this.log(describeImport(STARTER_CATALOG, result));
      if (result.enabled.length > 0) this.log(`Enabled ${result.enabled.join(", ")}. \`mcpgw catalog show\` lists the rest; \`mcpgw server enable NAME\` adds one.`);
    } else {
      this.notice(`Installed the starter catalog instead of Docker's: ${why}.`);
    }
    return { catalog: STARTER_CATALOG, why, ...result };
  }
}
