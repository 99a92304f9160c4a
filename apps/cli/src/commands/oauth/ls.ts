import { BaseCommand, formatTable } from "../../base-command.js";
import { formatFlag } from "../../docker-flags.js";
import { catalogServers, oauthStoreFor } from "../../oauth-servers.js";

/** One line of the listing; `provider` only on a container or process server's provider. */
interface OAuthListing {
  name: string;
  provider?: string;
  authorized: boolean;
  /** A refresh failed: the tokens are kept only until the server is authorized again. */
  needsAuthorization: boolean;
  scopes: string[];
  expiresAt: string | null;
  refreshable: boolean;
}

export default class OAuthLs extends BaseCommand {
  static override aliases = ["oauth:list"];
  static override summary = "List the servers that use OAuth: authorized or not, scopes and expiry. Tokens are never shown.";
  static override description =
    "Every catalog server with an `oauth:` entry or stored tokens (`mcpgw oauth authorize`); a container or process server once per OAuth provider, " +
    "whose tokens are the provider's.";
  static override examples = ["<%= config.bin %> oauth ls", "<%= config.bin %> oauth ls --json"];
  static override enableJsonFlag = true;
  static override flags = { format: formatFlag };

  async run() {
    await this.parse(OAuthLs);
    const store = oauthStoreFor(this.home);
    const servers = await catalogServers(this.home);
    const rows: OAuthListing[] = [];
    const row = async (name: string, key: string, provider?: string): Promise<OAuthListing> => {
      const tokens = await store.tokens(key);
      return {
        name,
        ...(provider !== undefined ? { provider } : {}),
        // Tokens whose refresh failed are kept only to be replaced: the server needs authorizing again.
        authorized: tokens !== undefined && tokens.needsAuthorization !== true,
        needsAuthorization: tokens?.needsAuthorization === true,
        scopes: tokens?.scope ?? [],
        expiresAt: tokens?.expiresAt !== undefined ? new Date(tokens.expiresAt).toISOString() : null,
        refreshable: tokens?.refreshToken !== undefined,
      };
    };
    for (const server of [...servers.values()].sort((a, b) => a.name.localeCompare(b.name))) {
      if (server.providers.length > 0) {
        for (const { provider } of server.providers) rows.push(await row(server.name, provider, provider));
        continue;
      }
      const listed = await row(server.name, server.name);
      if (listed.authorized || server.entry.oauth !== undefined) rows.push(listed);
    }
    if (!this.jsonEnabled()) {
      const providers = rows.some((r) => r.provider !== undefined);
      const headers = ["SERVER", "AUTHORIZED", "SCOPES", "EXPIRES", ...(providers ? ["PROVIDER"] : [])];
      const cells = (r: OAuthListing) => [r.name, r.authorized ? "yes" : r.needsAuthorization ? "no (refresh failed: authorize again)" : "no", r.scopes.join(" ") || "-", r.expiresAt ?? "-", ...(providers ? [r.provider ?? "-"] : [])];
      if (rows.length === 0) this.log("No server uses OAuth. `mcpgw oauth authorize SERVER` authorizes a remote server, or a container server's OAuth provider.");
      else this.log(formatTable(headers, rows.map(cells)));
    }
    return rows;
  }
}
