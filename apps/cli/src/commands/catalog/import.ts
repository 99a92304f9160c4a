import { basename, extname } from "node:path";
import { createCatalogStore, isCatalogName, isCatalogUrl, setCatalogSource } from "@mcpgw/catalog";
import { ErrorCode, GatewayError } from "@mcpgw/core";
import { invalidFileError } from "@mcpgw/user-files";
import { Args, Flags } from "@oclif/core";
import { BaseCommand } from "../../base-command.js";
import { describeImport, readSource, resolveSource } from "../../catalog-source.js";
import { formatWarnings } from "../../server-listing.js";

export default class CatalogImport extends BaseCommand {
  static override summary = "Merge a catalog (Docker's, a URL or a file) into a catalog of MCPGW_HOME: adds and updates, never drops.";
  static override description =
    "SOURCE is `docker-mcp` (Docker's published catalog), an http(s) URL, or a catalog file in Docker MCP Gateway's format. " +
    "A URL is fetched (30 s at most, 32 MiB at most) and checked to be a catalog before anything is written. " +
    "Entries of SOURCE are added to the target catalog, or replace the entries of the same name there; " +
    "entries of the target that SOURCE does not have are kept, and so are its comments. " +
    "The target is --name, else the alias, else SOURCE's `name:` field, else its file name without extension. " +
    "The source is remembered in MCPGW_HOME/catalog.json, so `mcpgw catalog update` reads it again.";
  static override examples = [
    "<%= config.bin %> catalog import docker-mcp",
    "<%= config.bin %> catalog import https://example.com/mcp/team-catalog.yaml",
    "<%= config.bin %> catalog import ./team-servers.yaml",
    "<%= config.bin %> catalog import ~/.docker/mcp/catalogs/docker-mcp.yaml --name docker-mcp",
  ];
  static override enableJsonFlag = true;
  static override args = { source: Args.string({ description: "docker-mcp, an http(s) URL, or a catalog file", required: true }) };
  static override flags = { name: Flags.string({ description: "the catalog to merge into" }) };

  async run() {
    const { args, flags } = await this.parse(CatalogImport);
    const source = resolveSource(args.source);
    const parsed = await readSource(source);
    if (!parsed.ok) throw invalidFileError(parsed.errors);
    for (const line of formatWarnings(parsed.warnings)) this.notice(line);
    const incoming = parsed.value;
    const path = isCatalogUrl(source.location) ? new URL(source.location).pathname : source.location;
    const stem = basename(path, extname(path));
    const target = flags.name ?? source.alias ?? (incoming.name && isCatalogName(incoming.name) ? incoming.name : stem);
    if (!isCatalogName(target)) {
      throw new GatewayError(ErrorCode.INVALID_ARGUMENT, `"${target}" cannot name a catalog: use letters, digits, '_', '.', '-'`, {
        suggestion: "give --name",
      });
    }
    const report = await createCatalogStore(this.home.catalogsDir).import(target, incoming);
    await setCatalogSource(this.home.catalogIndexFile, target, { displayName: incoming.displayName ?? target, url: source.location, lastUpdate: new Date().toISOString() });
    if (!this.jsonEnabled()) {
      this.log(describeImport(target, report));
      for (const [label, names] of [["added", report.added], ["updated", report.updated]] as const) {
        if (names.length > 0) this.log(`  ${label}: ${names.join(", ")}`);
      }
    }
    return { catalog: target, source: source.location, ...report };
  }
}
