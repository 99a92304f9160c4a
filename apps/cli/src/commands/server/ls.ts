import { enabledServerNames, loadConfigPlane, resolveServers } from "@mcpgw/registry";
import { formatFlag } from "../../docker-flags.js";
import { BaseCommand, formatTable } from "../../base-command.js";
import { describeLaunch, formatWarnings } from "../../server-listing.js";
import { secretChainFor, secretsFlag } from "../../secrets-flag.js";

export default class ServerLs extends BaseCommand {
  static override aliases = ["server:list"];
  static override summary = "List the enabled servers and whether each is ready to run.";
  static override examples = ["<%= config.bin %> server ls", "<%= config.bin %> server ls --json"];
  static override enableJsonFlag = true;
  static override flags = { secrets: secretsFlag, format: formatFlag };

  async run() {
    const { flags } = await this.parse(ServerLs);
    const plane = await loadConfigPlane({ home: this.home });
    for (const line of formatWarnings(plane.warnings)) this.notice(line);
    const names = enabledServerNames(plane.registry);
    const chain = await secretChainFor(flags.secrets, this.home, (m) => this.notice(m));
    const resolution = await resolveServers({ ...plane, servers: names, secrets: chain });
    const servers = names.map((name) => {
      const found = plane.catalog.byName.get(name);
      const problems = resolution.errors.filter((e) => e.server === name).map(({ error }) => ({ code: error.code, message: error.message, suggestion: error.suggestion }));
      const spec = resolution.specs.find((s) => s.name === name);
      return {
        name,
        type: spec?.kind ?? (found ? found.entry.type ?? "server" : "unknown"),
        ready: problems.length === 0,
        problems,
        launch: found ? describeLaunch(found.entry) : "",
        catalog: found?.source.catalog ?? found?.source.file,
      };
    });
    if (!this.jsonEnabled()) {
      if (servers.length === 0) this.log("No server is enabled. `mcpgw catalog show` lists what the catalogs offer.");
      else
        this.log(
          formatTable(
            ["NAME", "TYPE", "STATUS", "RUNS"],
            servers.map((s) => [s.name, s.type, s.ready ? "ready" : (s.problems[0]?.message ?? "not ready"), s.launch]),
          ),
        );
    }
    return servers;
  }
}
