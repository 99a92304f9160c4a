import { serverType, toolsFromEntry } from "@mcpgw/catalog";
import { didYouMean, ErrorCode, GatewayError } from "@mcpgw/core";
import { enabledServerNames, enabledToolsFor, loadConfigPlane, resolveServers } from "@mcpgw/registry";
import { Args } from "@oclif/core";
import { stringify } from "yaml";
import { formatFlag } from "../../docker-flags.js";
import { BaseCommand } from "../../base-command.js";
import { describeLaunch } from "../../server-listing.js";
import { secretChainFor, secretsFlag } from "../../secrets-flag.js";

export default class ServerInspect extends BaseCommand {
  static override summary = "Show a server's catalog entry, its config, tools, secrets and whether it is ready.";
  static override examples = ["<%= config.bin %> server inspect notes", "<%= config.bin %> server inspect github --json"];
  static override enableJsonFlag = true;
  static override args = { name: Args.string({ description: "server name", required: true }) };
  static override flags = { secrets: secretsFlag, format: formatFlag };

  async run() {
    const { args, flags } = await this.parse(ServerInspect);
    const plane = await loadConfigPlane({ home: this.home });
    const found = plane.catalog.byName.get(args.name);
    if (!found) {
      throw new GatewayError(ErrorCode.NOT_FOUND, `no server "${args.name}" in the catalogs.${didYouMean(args.name, plane.catalog.byName.keys())}`, {
        suggestion: "`mcpgw catalog show` lists the servers the catalogs offer.",
      });
    }
    const { entry } = found;
    const chain = await secretChainFor(flags.secrets, this.home, (m) => this.notice(m));
    const resolution = await resolveServers({ ...plane, servers: [args.name], secrets: chain });
    const spec = resolution.specs[0];
    const selected = enabledToolsFor(plane.tools, args.name);
    const secrets = (entry.secrets ?? []).map((s) => ({
      name: s.name,
      env: s.env,
      // Where the value comes from, never the value.
      source: spec?.secretEnv[s.env]?.source ?? null,
    }));
    const configNames = [...new Set((entry.config ?? []).map((c) => c.name ?? args.name))];
    const result = {
      name: args.name,
      type: serverType(entry),
      title: entry.title,
      description: entry.description,
      enabled: enabledServerNames(plane.registry).includes(args.name),
      launch: describeLaunch(entry),
      sharing: entry.sharing ?? "shared",
      catalog: found.source.catalog,
      file: found.source.file,
      shadows: found.shadows,
      config: Object.fromEntries(configNames.map((n) => [n, plane.config[n] ?? null])),
      secrets,
      tools: toolsFromEntry(entry).map((t) => ({ name: t.name, description: t.description, enabled: !selected || selected.includes(t.name) })),
      ready: resolution.errors.length === 0,
      problems: [...resolution.errors, ...resolution.warnings].map(({ error }) => ({ code: error.code, message: error.message, suggestion: error.suggestion })),
    };
    if (!this.jsonEnabled()) this.log(stringify(result).trimEnd());
    return result;
  }
}
