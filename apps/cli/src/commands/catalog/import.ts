import { basename, extname } from "node:path";
import { createCatalogStore, isCatalogName, loadCatalog } from "@mcpgw/catalog";
import { ErrorCode, GatewayError } from "@mcpgw/core";
import { invalidFileError } from "@mcpgw/user-files";
import { Args, Flags } from "@oclif/core";
import { BaseCommand } from "../../base-command.js";
import { formatWarnings } from "../../server-listing.js";

export default class CatalogImport extends BaseCommand {
  static override summary = "Merge a catalog file into a catalog of MCPGW_HOME: adds and updates, never drops.";
  static override description =
    "Entries of FILE are added to the target catalog, or replace the entries of the same name there. " +
    "Entries of the target that FILE does not have are kept, and so are its comments. " +
    "The target is --name, else FILE's `name:` field, else FILE's name without extension.";
  static override examples = [
    "<%= config.bin %> catalog import ./team-servers.yaml",
    "<%= config.bin %> catalog import ~/.docker/mcp/catalogs/docker-mcp.yaml --name docker-mcp",
  ];
  static override enableJsonFlag = true;
  static override args = { file: Args.string({ description: "a catalog file in Docker MCP Gateway's format", required: true }) };
  static override flags = { name: Flags.string({ description: "the catalog to merge into" }) };

  async run() {
    const { args, flags } = await this.parse(CatalogImport);
    const parsed = await loadCatalog(args.file);
    if (!parsed.ok) throw invalidFileError(parsed.errors);
    for (const line of formatWarnings(parsed.warnings)) this.notice(line);
    const incoming = parsed.value;
    const stem = basename(args.file, extname(args.file));
    const target = flags.name ?? (incoming.name && isCatalogName(incoming.name) ? incoming.name : stem);
    if (!isCatalogName(target)) {
      throw new GatewayError(ErrorCode.INVALID_ARGUMENT, `"${target}" cannot name a catalog: use letters, digits, '_', '.', '-'`, {
        suggestion: "give --name",
      });
    }
    const report = await createCatalogStore(this.home.catalogsDir).import(target, incoming);
    if (!this.jsonEnabled()) {
      this.log(`Catalog ${target}: ${report.added.length} added, ${report.updated.length} updated, ${report.unchanged.length} unchanged.`);
      for (const [label, names] of [["added", report.added], ["updated", report.updated]] as const) {
        if (names.length > 0) this.log(`  ${label}: ${names.join(", ")}`);
      }
    }
    return { catalog: target, ...report };
  }
}
