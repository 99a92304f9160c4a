import { basename } from "node:path";
import { createCatalogStore, layerCatalogs } from "@mcpgw/catalog";
import { didYouMean, ErrorCode, GatewayError } from "@mcpgw/core";
import { enabledServerNames, loadConfigPlane } from "@mcpgw/registry";
import { Args } from "@oclif/core";
import { formatFlag } from "../../docker-flags.js";
import { BaseCommand, formatTable } from "../../base-command.js";
import { formatWarnings, serverListing } from "../../server-listing.js";

export default class CatalogShow extends BaseCommand {
  static override summary = "Show the servers of one catalog, or of all of them layered.";
  static override description =
    "Without NAME, every catalog is layered in file-name order (a later entry with the same name wins) " +
    "and each server says which file it came from and which files it shadows.";
  static override examples = ["<%= config.bin %> catalog show", "<%= config.bin %> catalog show starter --json"];
  static override enableJsonFlag = true;
  static override flags = { format: formatFlag };
  static override args = { name: Args.string({ description: "catalog name; all layered when left out" }) };

  async run() {
    const { args } = await this.parse(CatalogShow);
    const plane = await loadConfigPlane({ home: this.home });
    let layered = plane.catalog;
    if (args.name !== undefined) {
      // The plane has read every catalog of the home already: pick the named one from it.
      const file = createCatalogStore(this.home.catalogsDir).pathOf(args.name);
      const catalog = plane.catalogs.find((c) => c.file === file);
      if (!catalog) {
        const names = plane.catalogs.map((c) => basename(c.file, ".yaml"));
        throw new GatewayError(ErrorCode.NOT_FOUND, `no catalog "${args.name}".${didYouMean(args.name, names)}`, {
          suggestion: "`mcpgw catalog ls` lists the catalogs.",
        });
      }
      layered = layerCatalogs([catalog]);
    }
    for (const line of formatWarnings(plane.warnings)) this.notice(line);
    const enabled = new Set(enabledServerNames(plane.registry));
    const servers = layered.servers.map((s) => serverListing(s, enabled));
    if (!this.jsonEnabled()) {
      this.log(
        formatTable(
          ["NAME", "TYPE", "ENABLED", "RUNS", "CATALOG"],
          servers.map((s) => [s.name, s.type, s.enabled ? "yes" : "", s.launch, s.catalog ?? s.file]),
        ),
      );
    }
    return servers;
  }
}
