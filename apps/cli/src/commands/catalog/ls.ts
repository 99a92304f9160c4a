import { createCatalogStore } from "@mcpgw/catalog";
import { formatFlag } from "../../docker-flags.js";
import { BaseCommand, formatTable } from "../../base-command.js";

export default class CatalogLs extends BaseCommand {
  static override aliases = ["catalog:list"];
  static override summary = "List the catalogs in MCPGW_HOME/catalogs.";
  static override examples = ["<%= config.bin %> catalog ls", "<%= config.bin %> catalog ls --json"];
  static override enableJsonFlag = true;
  static override flags = { format: formatFlag };

  async run() {
    await this.parse(CatalogLs);
    const listings = await createCatalogStore(this.home.catalogsDir).list();
    const rows = listings.map((l) =>
      l.ok
        ? { name: l.name, file: l.file, displayName: l.displayName, servers: l.serverCount, valid: true as const }
        : { name: l.name, file: l.file, valid: false as const, errors: l.errors },
    );
    if (!this.jsonEnabled()) {
      if (rows.length === 0) {
        this.log("No catalogs yet. `mcpgw catalog init` creates a starter catalog; `mcpgw catalog import FILE` adds one.");
      } else {
        this.log(
          formatTable(
            ["NAME", "SERVERS", "DISPLAY NAME", "FILE"],
            rows.map((r) => [r.name, r.valid ? String(r.servers) : "invalid", r.valid ? (r.displayName ?? "") : "", r.file]),
          ),
        );
      }
    }
    return rows;
  }
}
