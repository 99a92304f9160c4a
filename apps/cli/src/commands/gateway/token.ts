import { loadStoredToken, rotateStoredToken } from "@mcpgw/gateway";
import { Flags } from "@oclif/core";
import { BaseCommand } from "../../base-command.js";

/** The variables whose token an HTTP gateway serves instead of the stored one. */
const TOKEN_VARIABLES = ["MCPGW_AUTH_TOKEN", "MCP_GATEWAY_AUTH_TOKEN"] as const;

export default class GatewayToken extends BaseCommand {
  static override summary = "Print the HTTP gateway's bearer token, kept in MCPGW_HOME/auth-token; --rotate replaces it.";
  static override description =
    "This command prints a secret: the token that lets a client use every server of the gateway (the only other command that prints secrets is `secret export`). " +
    "An HTTP gateway on loopback started with no MCPGW_AUTH_TOKEN and no OAuth or policy tokens serves this token, made (mode 0600) at the first start or by this command, " +
    "so a client configured with it keeps working across restarts. --rotate writes a new one: clients need it from the gateway's next start.";
  static override examples = [
    "<%= config.bin %> gateway token",
    "<%= config.bin %> gateway token --rotate",
    "<%= config.bin %> gateway token --json",
  ];
  static override enableJsonFlag = true;
  static override flags = {
    rotate: Flags.boolean({ description: "replace the stored token with a new random one, and print that" }),
  };

  async run(): Promise<{ token: string; file: string }> {
    const { flags } = await this.parse(GatewayToken);
    const file = this.home.authTokenFile;
    const given = TOKEN_VARIABLES.find((name) => (process.env[name] ?? "").trim() !== "");
    if (given) this.notice(`${given} is set: a gateway started with this environment serves that token, not the stored one printed here.`);
    const token = flags.rotate ? await rotateStoredToken(file) : await loadStoredToken(file);
    if (flags.rotate) this.notice(`Wrote a new token to ${file}. A running gateway keeps the old one until it restarts; clients then need the new one.`);
    if (!this.jsonEnabled()) this.log(token);
    return { token, file };
  }
}
