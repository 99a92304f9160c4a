import { enableServers, loadConfigPlane, resolveServers } from "@mcpgw/registry";
import { Args, Flags } from "@oclif/core";
import { BaseCommand } from "../../base-command.js";
import { secretChainFor, secretsFlag } from "../../secrets-flag.js";

export default class ServerEnable extends BaseCommand {
  static override aliases = ["server:add"];
  static override summary = "Enable servers from the catalogs.";
  static override description = "Adds them to registry.yaml (other entries and comments are kept) and says what each still needs.";
  static override examples = ["<%= config.bin %> server enable clock notes", "<%= config.bin %> server enable docker --allow-engine-socket"];
  static override strict = false;
  static override args = { names: Args.string({ description: "server names", required: true }) };
  static override flags = {
    secrets: secretsFlag,
    "allow-engine-socket": Flags.boolean({
      description: "let these servers' tool containers mount the container engine's socket, as a poci entry such as docker asks: they then control the engine and the host (kept in registry.yaml until the server is disabled)",
    }),
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(ServerEnable);
    const names = argv as string[];
    const known = (await loadConfigPlane({ home: this.home })).catalog.byName.keys();
    const allowEngineSocket = flags["allow-engine-socket"];
    const result = await enableServers(this.home.registryFile, names, known, { allowEngineSocket });
    if (result.enabled.length > 0) this.log(`Enabled ${result.enabled.join(", ")}.`);
    if (result.already.length > 0) this.log(`Already enabled: ${result.already.join(", ")}.`);
    if (allowEngineSocket) this.notice(`Warning: ${names.join(", ")} may now mount the container engine's socket: their tools control the engine and the host.`);
    const plane = await loadConfigPlane({ home: this.home });
    // Say now what a server still needs, rather than when a client first calls it.
    const chain = await secretChainFor(flags.secrets, this.home, (m) => this.notice(m));
    const resolution = await resolveServers({ ...plane, servers: names, secrets: chain });
    for (const { error } of [...resolution.errors, ...resolution.warnings]) {
      this.notice(`Note: ${error.message}${error.suggestion ? `\n  → ${error.suggestion}` : ""}`);
    }
  }
}
