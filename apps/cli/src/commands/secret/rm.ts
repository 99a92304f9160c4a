import { didYouMean, ErrorCode, GatewayError } from "@mcpgw/core";
import { createLocalSecretStore } from "@mcpgw/secrets";
import { Args, Flags } from "@oclif/core";
import { BaseCommand } from "../../base-command.js";

export default class SecretRm extends BaseCommand {
  static override summary = "Remove secrets from the local store.";
  static override examples = ["<%= config.bin %> secret rm github.personal_access_token", "<%= config.bin %> secret rm --all"];
  static override strict = false;
  static override args = { keys: Args.string({ description: "secret names" }) };
  static override flags = { all: Flags.boolean({ description: "remove every secret in the store" }) };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(SecretRm);
    const store = createLocalSecretStore({ file: this.home.secretsFile });
    const stored = await store.list();
    const keys = flags.all ? stored : (argv as string[]);
    if (keys.length === 0 && !flags.all) throw new GatewayError(ErrorCode.INVALID_ARGUMENT, "name the secrets to remove, or give --all");
    const absent = keys.filter((k) => !stored.includes(k));
    if (absent.length > 0) {
      // Check first, so that a typo in one name removes nothing.
      throw new GatewayError(ErrorCode.NOT_FOUND, absent.map((k) => `no secret "${k}" in the store.${didYouMean(k, stored)}`).join("\n"), {
        suggestion: "`mcpgw secret ls` lists the stored secrets.",
      });
    }
    const removed = await store.remove(keys);
    this.log(removed.length === 0 ? "Nothing to remove." : `Removed ${removed.join(", ")}.`);
  }
}
