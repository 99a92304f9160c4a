import { clientStatus, CLIENTS, currentClientContext } from "@mcpgw/clients";
import { Flags } from "@oclif/core";
import { BaseCommand, formatTable } from "../../base-command.js";

export default class ClientLs extends BaseCommand {
  static override summary = "List the AI clients mcpgw can connect, and which are connected.";
  static override description =
    "For each client: the file `client connect` edits (the project file in this folder for clients that read one, unless --global), whether the client looks installed, whether mcpgw's entry is there, and whether Docker's MCP_DOCKER entry is.";
  static override examples = ["<%= config.bin %> client ls", "<%= config.bin %> client ls --global --json"];
  static override enableJsonFlag = true;
  static override flags = {
    global: Flags.boolean({ char: "g", description: "show the clients' user files rather than project files" }),
  };

  async run() {
    const { flags } = await this.parse(ClientLs);
    const ctx = currentClientContext();
    const clients = await Promise.all(
      CLIENTS.map(async (client) => ({ id: client.id, name: client.name, ...(await clientStatus(client, ctx, { global: flags.global })) })),
    );
    if (!this.jsonEnabled()) {
      const yes = (b: boolean) => (b ? "yes" : "no");
      this.log(
        formatTable(
          ["CLIENT", "INSTALLED", "CONNECTED", "MCP_DOCKER", "FILE"],
          clients.map((c) => [c.id, yes(c.installed), c.problem ? "unreadable" : yes(c.connected), yes(c.docker), c.file]),
        ),
      );
      for (const c of clients.filter((c) => c.problem)) this.notice(`warning: ${c.problem}`);
    }
    return clients;
  }
}
