import { BaseCommand, formatTable } from "../../base-command.js";
import { formatFlag } from "../../docker-flags.js";
import { catalogServers, oauthStoreFor } from "../../oauth-servers.js";

export default class OAuthLs extends BaseCommand {
  static override aliases = ["oauth:list"];
  static override summary = "List the servers that use OAuth: authorized or not, scopes and expiry. Tokens are never shown.";
  static override description = "Every catalog server with an `oauth:` entry or stored tokens (`mcpgw oauth authorize`).";
  static override examples = ["<%= config.bin %> oauth ls", "<%= config.bin %> oauth ls --json"];
  static override enableJsonFlag = true;
  static override flags = { format: formatFlag };

  async run() {
    await this.parse(OAuthLs);
    const store = oauthStoreFor(this.home);
    const servers = await catalogServers(this.home);
    const rows = [];
    for (const server of [...servers.values()].sort((a, b) => a.name.localeCompare(b.name))) {
      const tokens = await store.tokens(server.name);
      if (!tokens && server.entry.oauth === undefined) continue;
      rows.push({
        name: server.name,
        // Tokens whose refresh failed are kept only to be replaced: the server needs authorizing again.
        authorized: tokens !== undefined && tokens.needsAuthorization !== true,
        needsAuthorization: tokens?.needsAuthorization === true,
        scopes: tokens?.scope ?? [],
        expiresAt: tokens?.expiresAt !== undefined ? new Date(tokens.expiresAt).toISOString() : null,
        refreshable: tokens?.refreshToken !== undefined,
      });
    }
    if (!this.jsonEnabled()) {
      if (rows.length === 0) this.log("No server uses OAuth. `mcpgw oauth authorize SERVER` authorizes a remote server.");
      else this.log(formatTable(["SERVER", "AUTHORIZED", "SCOPES", "EXPIRES"], rows.map((r) => [r.name, r.authorized ? "yes" : r.needsAuthorization ? "no (refresh failed: authorize again)" : "no", r.scopes.join(" ") || "-", r.expiresAt ?? "-"])));
    }
    return rows;
  }
}
