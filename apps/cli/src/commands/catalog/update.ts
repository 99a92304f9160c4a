import { createCatalogStore, readCatalogSources, setCatalogSource } from "@mcpgw/catalog";
import { ErrorCode, GatewayError } from "@mcpgw/core";
import { invalidFileError } from "@mcpgw/user-files";
import { Args } from "@oclif/core";
import { BaseCommand } from "../../base-command.js";
import { describeImport, readSource } from "../../catalog-source.js";
import { formatWarnings } from "../../server-listing.js";

export default class CatalogUpdate extends BaseCommand {
  static override summary = "Read imported catalogs again from where they came from (a URL or a file), and merge what changed.";
  static override description =
    "Every catalog imported with `mcpgw catalog import` (or NAME alone) is read again from its source, recorded in MCPGW_HOME/catalog.json. " +
    "Entries are added and updated, never dropped, and comments are kept, as with import. " +
    "A source that cannot be read leaves its catalog as it was; the others are still updated.";
  static override examples = ["<%= config.bin %> catalog update", "<%= config.bin %> catalog update docker-mcp"];
  static override enableJsonFlag = true;
  static override args = { name: Args.string({ description: "the catalog to update (default: every imported one)" }) };

  async run() {
    const { args } = await this.parse(CatalogUpdate);
    const sources = await readCatalogSources(this.home.catalogIndexFile);
    const withUrl = Object.entries(sources).filter(([, source]) => source.url !== undefined);
    const chosen = args.name === undefined ? withUrl : withUrl.filter(([name]) => name === args.name);
    if (args.name !== undefined && chosen.length === 0) {
      throw new GatewayError(ErrorCode.NOT_FOUND, `catalog "${args.name}" was not imported from a URL or a file: there is nothing to read again`, {
        suggestion: `import it with \`mcpgw catalog import SOURCE --name ${args.name}\``,
      });
    }
    const store = createCatalogStore(this.home.catalogsDir);
    const results = [];
    for (const [name, source] of chosen) {
      try {
        const parsed = await readSource({ location: source.url! });
        if (!parsed.ok) throw invalidFileError(parsed.errors);
        for (const line of formatWarnings(parsed.warnings)) this.notice(line);
        const report = await store.import(name, parsed.value);
        await setCatalogSource(this.home.catalogIndexFile, name, { ...source, lastUpdate: new Date().toISOString() });
        if (!this.jsonEnabled()) this.log(describeImport(name, report));
        results.push({ catalog: name, source: source.url, ...report });
      } catch (error) {
        if (!(error instanceof GatewayError)) throw error;
        this.notice(`Catalog ${name} not updated: ${error.message}`);
        results.push({ catalog: name, source: source.url, error: { code: error.code, message: error.message } });
      }
    }
    if (chosen.length === 0 && !this.jsonEnabled()) this.log("No catalog was imported from a URL or a file: nothing to update.");
    if (results.some((r) => "error" in r)) process.exitCode = 1;
    return results;
  }
}
