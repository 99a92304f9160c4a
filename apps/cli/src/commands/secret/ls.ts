import { enabledServerNames, loadConfigPlane } from "@mcpgw/registry";
import { normaliseSecretKey } from "@mcpgw/secrets";
import { formatFlag } from "../../docker-flags.js";
import { BaseCommand, formatTable } from "../../base-command.js";
import { secretChainFor, secretsFlag } from "../../secrets-flag.js";

export default class SecretLs extends BaseCommand {
  static override aliases = ["secret:list"];
  static override summary = "List secret names and where each comes from; values are never shown.";
  static override description =
    "Lists the secrets in the local store and those the enabled servers need, with the provider of the chain that has each (or `missing`).";
  static override examples = ["<%= config.bin %> secret ls", "<%= config.bin %> secret ls --secrets store:./.env --json"];
  static override enableJsonFlag = true;
  static override flags = { secrets: secretsFlag, format: formatFlag };

  async run() {
    const { flags } = await this.parse(SecretLs);
    const chain = await secretChainFor(flags.secrets, this.home, (m) => this.notice(m));
    const plane = await loadConfigPlane({ home: this.home });
    const neededBy = new Map<string, string[]>();
    for (const server of enabledServerNames(plane.registry)) {
      for (const secret of plane.catalog.byName.get(server)?.entry.secrets ?? []) {
        neededBy.set(secret.name, [...(neededBy.get(secret.name) ?? []), server]);
      }
    }
    // A needed secret is listed under the catalog's name, not again under its env spelling
    // (GITHUB_TOKEN for github.token); the environment's other names are not secrets at all.
    const needed = new Set([...neededBy.keys()].map(normaliseSecretKey));
    const listed = (await chain.list()).filter(
      (l) => neededBy.has(l.name) || (!needed.has(normaliseSecretKey(l.name)) && l.sources.some((s) => s !== "env")),
    );
    const names = [...new Set([...listed.map((l) => l.name), ...neededBy.keys()])].sort();
    const secrets = await Promise.all(
      names.map(async (name) => ({
        name,
        source: (await chain.resolve(name))?.source ?? null,
        usedBy: neededBy.get(name) ?? [],
      })),
    );
    if (!this.jsonEnabled()) {
      if (secrets.length === 0) this.log("No secrets. `mcpgw secret set NAME` stores one.");
      else this.log(formatTable(["NAME", "SOURCE", "USED BY"], secrets.map((s) => [s.name, s.source ?? "missing", s.usedBy.join(", ")])));
    }
    return secrets;
  }
}
