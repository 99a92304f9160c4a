import { GatewayError } from "@mcpgw/core";
import { revokeProviderTokens, revokeServerTokens } from "@mcpgw/transports";
import { Args } from "@oclif/core";
import { BaseCommand } from "../../base-command.js";
import { allowPrivateRemotesFlag, describeTarget, oauthStoreFor, oauthTarget, preRegisteredClient, providerFlag, tokensName } from "../../oauth-servers.js";
import { secretsFlag } from "../../secrets-flag.js";

export default class OAuthRevoke extends BaseCommand {
  static override summary = "Revoke a remote server's OAuth tokens, or those of a container server's OAuth provider, at the authorization server, and forget them.";
  static override description =
    "Calls the authorization server's revocation endpoint when it has one (the refresh token, then the access token), then removes the " +
    "tokens from the local secret store. The tokens are forgotten even when the revocation request fails; the command then exits non-zero. " +
    "For a container or process server with `oauth.providers`, its provider's tokens (oauth/PROVIDER) are revoked.";
  static override examples = ["<%= config.bin %> oauth revoke notion", "<%= config.bin %> oauth revoke github --provider github"];
  static override args = { server: Args.string({ description: "a remote server of the catalogs, or a container or process server with OAuth providers", required: true }) };
  static override flags = { provider: providerFlag, secrets: secretsFlag, "allow-private-remotes": allowPrivateRemotesFlag };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(OAuthRevoke);
    const target = await oauthTarget(this.home, args.server, flags.provider);
    const store = oauthStoreFor(this.home);
    const name = tokensName(target);
    const described = describeTarget(target);
    const tokens = await store.tokens(name);
    if (!tokens) {
      this.log(`${described} has no stored tokens; nothing to revoke.`);
      return;
    }
    const network = { server: target.name, tokens, registrations: store.registrations, allowPrivateNetworks: flags["allow-private-remotes"] };
    const preRegistered = target.kind === "provider" ? await preRegisteredClient(this.home, target, flags.secrets, (m) => this.notice(m)) : undefined;
    let revoked: boolean;
    try {
      revoked = target.kind === "remote" ? await revokeServerTokens({ ...network, url: target.url }) : await revokeProviderTokens({ ...network, ...(preRegistered ? { preRegistered } : {}) });
    } catch (error) {
      await store.forgetTokens(name);
      if (!(error instanceof GatewayError)) throw error;
      throw new GatewayError(error.code, `${error.message}; the tokens of ${described} were forgotten here but may still be valid at the authorization server`, {
        data: error.data,
        ...(error.suggestion !== undefined ? { suggestion: error.suggestion } : {}),
      });
    }
    await store.forgetTokens(name);
    this.log(revoked ? `Revoked and forgot the tokens of ${described}.` : `Forgot the tokens of ${described} (its authorization server offers no revocation).`);
  }
}
