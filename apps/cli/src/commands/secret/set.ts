import { ErrorCode, GatewayError } from "@mcpgw/core";
import { createLocalSecretStore } from "@mcpgw/secrets";
import { Args } from "@oclif/core";
import { BaseCommand } from "../../base-command.js";
import { readSecretInput } from "../../read-secret-input.js";

export default class SecretSet extends BaseCommand {
  static override summary = "Store a secret in the local store (mode 0600 file in MCPGW_HOME).";
  static override description =
    "Give KEY=VALUE, or just KEY and the value on stdin (piped, or typed at a hidden prompt). " +
    "The stdin form keeps the value out of your shell history and the process list.";
  static override examples = [
    "printf %s \"$TOKEN\" | <%= config.bin %> secret set github.personal_access_token",
    "<%= config.bin %> secret set github.personal_access_token",
    "<%= config.bin %> secret set API_KEY=abc123",
  ];
  static override args = { secret: Args.string({ description: "KEY=VALUE, or KEY with the value on stdin", required: true }) };

  async run(): Promise<void> {
    const { args } = await this.parse(SecretSet);
    const eq = args.secret.indexOf("=");
    const key = eq === -1 ? args.secret : args.secret.slice(0, eq);
    const value = eq === -1 ? await readSecretInput(key) : args.secret.slice(eq + 1);
    if (key === "") throw new GatewayError(ErrorCode.INVALID_ARGUMENT, "the secret needs a name: KEY=VALUE or KEY");
    if (value === "") {
      throw new GatewayError(ErrorCode.INVALID_ARGUMENT, `no value given for ${key}`, {
        suggestion: `printf %s "$VALUE" | mcpgw secret set ${key}`,
      });
    }
    await createLocalSecretStore({ file: this.home.secretsFile }).set(key, value);
    this.log(`Stored ${key}.`);
  }
}
