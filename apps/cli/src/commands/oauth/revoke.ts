import { GatewayError } from "@mcpgw/core";
import { revokeServerTokens } from "@mcpgw/transports";
import { Args } from "@oclif/core";
import { BaseCommand } from "../../base-command.js";
import { allowPrivateRemotesFlag, oauthStoreFor, remoteServer } from "../../oauth-servers.js";

export default class OAuthRevoke extends BaseCommand {
  static override summary = "Revoke a remote server's OAuth tokens at its authorization server, and forget them.";
  static override description =
    "Calls the authorization server's revocation endpoint when it has one (the refresh token, then the access token), then removes the " +
    "tokens from the local secret store. The tokens are forgotten even when the revocation request fails; the command then exits non-zero.";
  static override examples = ["<%= config.bin %> oauth revoke notion"];
  static override args = { server: Args.string({ description: "a remote server of the catalogs", required: true }) };
  static override flags = { "allow-private-remotes": allowPrivateRemotesFlag };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(OAuthRevoke);
    const server = await remoteServer(this.home, args.server);
    const store = oauthStoreFor(this.home);
    const tokens = await store.tokens(server.name);
    if (!tokens) {
      this.log(`${server.name} has no stored tokens; nothing to revoke.`);
      return;
    }
    let revoked: boolean;
    try {
      revoked = await revokeServerTokens({ server: server.name, url: server.url, tokens, registrations: store.registrations, allowPrivateNetworks: flags["allow-private-remotes"] });
    } catch (error) {
      await store.forgetTokens(server.name);
      if (!(error instanceof GatewayError)) throw error;
      throw new GatewayError(error.code, `${error.message}; the tokens of ${server.name} were forgotten here but may still be valid at the authorization server`, {
        data: error.data,
        ...(error.suggestion !== undefined ? { suggestion: error.suggestion } : {}),
      });
    }
    await store.forgetTokens(server.name);
    this.log(revoked ? `Revoked and forgot the tokens of ${server.name}.` : `Forgot the tokens of ${server.name} (its authorization server offers no revocation).`);
  }
}
