import { createCatalogStore, isCatalogName, loadCatalog } from "@mcpgw/catalog";
import { didYouMean, ErrorCode, GatewayError } from "@mcpgw/core";
import { invalidFileError } from "@mcpgw/user-files";
import { Args, Flags } from "@oclif/core";
import { BaseCommand } from "../../base-command.js";

export default class CatalogAdd extends BaseCommand {
  static override summary = "Copy one server from a catalog file (or another catalog of MCPGW_HOME) into a catalog.";
  static override description =
    "The server's entry is copied as it is into CATALOG, which must exist (`mcpgw catalog create`); the rest of CATALOG and its comments are kept. " +
    "A server CATALOG has already is left alone unless --force.";
  static override examples = [
    "<%= config.bin %> catalog add team github ~/.docker/mcp/catalogs/docker-mcp.yaml",
    "<%= config.bin %> catalog add team fetch docker-mcp --force",
  ];
  static override args = {
    catalog: Args.string({ description: "the catalog to add to", required: true }),
    server: Args.string({ description: "the server to copy", required: true }),
    from: Args.string({ description: "a catalog file, or the name of a catalog of MCPGW_HOME", required: true }),
  };
  static override flags = { force: Flags.boolean({ description: "replace the server when the catalog has it already" }) };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(CatalogAdd);
    const store = createCatalogStore(this.home.catalogsDir);
    if (args.from === args.catalog) throw new GatewayError(ErrorCode.INVALID_ARGUMENT, "cannot add a server to the catalog it comes from");
    const target = await store.load(args.catalog);
    if (!target.ok) throw invalidFileError(target.errors);
    const source = isCatalogName(args.from) && (await store.has(args.from)) ? await store.load(args.from) : await loadCatalog(args.from);
    if (!source.ok) throw invalidFileError(source.errors);
    const names = Object.keys(source.value.servers);
    if (!names.includes(args.server)) {
      throw new GatewayError(ErrorCode.NOT_FOUND, `${args.from} has no server "${args.server}"`, { suggestion: didYouMean(args.server, names) || "`mcpgw catalog show` lists servers" });
    }
    if (args.server in target.value.servers && !flags.force) {
      throw new GatewayError(ErrorCode.INVALID_ARGUMENT, `catalog "${args.catalog}" has a server "${args.server}" already`, { suggestion: "add --force to replace it" });
    }
    const report = await store.import(args.catalog, source.value, { servers: [args.server] });
    const what = report.added.length > 0 ? "added" : report.updated.length > 0 ? "replaced" : "unchanged";
    this.log(`Server ${args.server} ${what} in catalog ${args.catalog}.`);
  }
}
