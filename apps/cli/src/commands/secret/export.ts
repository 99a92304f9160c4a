import { didYouMean, ErrorCode, GatewayError } from "@mcpgw/core";
import { loadConfigPlane } from "@mcpgw/registry";
import { isOAuthSecretName } from "@mcpgw/transports";
import { Args } from "@oclif/core";
import { BaseCommand } from "../../base-command.js";
import { secretChainFor, secretsFlag } from "../../secrets-flag.js";

export default class SecretExport extends BaseCommand {
  static override summary = "Print the named servers' secrets as ENV=value lines. This prints secret values.";
  static override description =
    "One of the two mcpgw commands that print secret values (with `gateway token`): for each named server, every secret its catalog entry declares, " +
    "as its environment variable's name and the value from the --secrets chain, one `ENV=value` line each. " +
    "Send the output to a file or a process, not a shared terminal or a log. " +
    "Nothing is printed when a server is unknown or a required secret is missing. OAuth tokens (secrets named oauth/…) are never printed.";
  static override examples = ["<%= config.bin %> secret export github > github.env"];
  static override strict = false;
  static override args = { servers: Args.string({ description: "server names", required: true }) };
  static override flags = { secrets: secretsFlag };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(SecretExport);
    const servers = argv as string[];
    const plane = await loadConfigPlane({ home: this.home });
    const unknown = servers.filter((s) => !plane.catalog.byName.has(s));
    if (unknown.length > 0) {
      throw new GatewayError(ErrorCode.NOT_FOUND, unknown.map((s) => `no server "${s}" in the catalogs.${didYouMean(s, plane.catalog.byName.keys())}`).join("\n"), {
        suggestion: "`mcpgw catalog show` lists the servers the catalogs offer.",
      });
    }
    const chain = await secretChainFor(flags.secrets, this.home, (m) => this.notice(m));
    const lines = new Map<string, string>();
    const missing: string[] = [];
    for (const server of servers) {
      for (const secret of plane.catalog.byName.get(server)!.entry.secrets ?? []) {
        // OAuth tokens and registrations are mcpgw's own, never printed, whatever a catalog names.
        if (isOAuthSecretName(secret.name)) {
          this.notice(`${server}: secret ${secret.name} holds OAuth state; it is never exported.`);
          continue;
        }
        const value = await chain.resolve(secret.name);
        if (value) lines.set(secret.env, value.reveal());
        else if (secret.required === false) this.notice(`${server}: optional secret ${secret.name} is not set; left out.`);
        else missing.push(`server "${server}" needs secret ${secret.name} (env ${secret.env}), and no provider of the chain has it`);
      }
    }
    if (missing.length > 0) {
      throw new GatewayError(ErrorCode.SECRET_MISSING, missing.join("\n"), { suggestion: "`mcpgw secret set NAME` stores one; `mcpgw secret ls` shows what is missing." });
    }
    for (const [env, value] of lines) this.log(`${env}=${value}`);
  }
}
