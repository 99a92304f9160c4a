import { createCatalogStore } from "@mcpgw/catalog";
import { Args, Flags } from "@oclif/core";
import { BaseCommand } from "../../base-command.js";

export default class CatalogCreate extends BaseCommand {
  static override summary = "Create an empty catalog in MCPGW_HOME/catalogs, to add servers to.";
  static override examples = ["<%= config.bin %> catalog create team", "<%= config.bin %> catalog add team github ~/.docker/mcp/catalogs/docker-mcp.yaml"];
  static override args = { name: Args.string({ description: "the new catalog's name", required: true }) };
  static override flags = { "display-name": Flags.string({ description: "its display name (default: the name)" }) };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(CatalogCreate);
    await createCatalogStore(this.home.catalogsDir).write(args.name, { name: args.name, displayName: flags["display-name"] ?? args.name, registry: {} });
    this.log(`Created catalog ${args.name}. \`mcpgw catalog add ${args.name} SERVER FILE\` copies a server into it.`);
  }
}
