// What the `oauth` commands share: the catalog's remote servers and the OAuth store in the
// home's local secret store (mode 0600), laid out by @mcpgw/transports.
import type { ServerEntry } from "@mcpgw/catalog";
import { serverType } from "@mcpgw/catalog";
import { didYouMean, ErrorCode, GatewayError } from "@mcpgw/core";
import { loadConfigPlane } from "@mcpgw/registry";
import { createLocalSecretStore } from "@mcpgw/secrets";
import type { SecretChain } from "@mcpgw/secrets";
import type { OAuthStore, PreRegisteredClient } from "@mcpgw/transports";
import { createOAuthStore } from "@mcpgw/transports";
import type { HomeLayout } from "@mcpgw/user-files";
import { Flags } from "@oclif/core";

/** A catalog server the OAuth commands can act on. */
export interface OAuthServer {
  name: string;
  /** Its MCP endpoint (`remote.url`), absent for a container server with `oauth:` providers. */
  url?: string;
  entry: ServerEntry;
}

/** `--allow-private-remotes`, as `gateway run` has it: every OAuth request goes through the same guard. */
export const allowPrivateRemotesFlag = Flags.boolean({
  description: "reach a remote server and its authorization server on private, loopback or link-local addresses (refused by default)",
  default: false,
});

/** The home's OAuth store. */
export function oauthStoreFor(home: HomeLayout): OAuthStore {
  return createOAuthStore(createLocalSecretStore({ file: home.secretsFile }));
}

/** Every catalog server, by name, with its remote URL when it is a remote server. */
export async function catalogServers(home: HomeLayout): Promise<Map<string, OAuthServer>> {
  const plane = await loadConfigPlane({ home });
  return new Map(
    [...plane.catalog.byName].map(([name, { entry }]) => {
      const url = serverType(entry) === "remote" ? (entry.remote?.url ?? entry.sseEndpoint) : undefined;
      return [name, { name, entry, ...(url ? { url } : {}) }];
    }),
  );
}

/**
 * The remote server `name` of the catalogs.
 * @throws GatewayError `NOT_FOUND` for an unknown server, `INVALID_ARGUMENT` for one that is not remote.
 */
export async function remoteServer(home: HomeLayout, name: string): Promise<OAuthServer & { url: string }> {
  const servers = await catalogServers(home);
  const server = servers.get(name);
  if (!server) {
    throw new GatewayError(ErrorCode.NOT_FOUND, `no server "${name}" in the catalogs.${didYouMean(name, servers.keys())}`, {
      suggestion: "`mcpgw catalog show` lists the servers the catalogs offer.",
    });
  }
  if (server.url === undefined) {
    throw new GatewayError(ErrorCode.INVALID_ARGUMENT, `server "${name}" is not a remote server with a URL; OAuth authorization is for remote servers`, {
      suggestion: "`mcpgw oauth ls` lists the servers that use OAuth.",
    });
  }
  return { ...server, url: server.url };
}

/**
 * The client the catalog entry says was registered beforehand (`oauth.client`), its secret read
 * from the secret chain; `undefined` when the entry names none.
 * @throws GatewayError `SECRET_MISSING` naming the secret the entry names and no provider has.
 */
export async function preRegisteredClient(server: OAuthServer, chain: Pick<SecretChain, "resolve">): Promise<PreRegisteredClient | undefined> {
  const client = server.entry.oauth?.client;
  if (!client) return undefined;
  if (client.secret === undefined) return { clientId: client.id };
  const secret = await chain.resolve(client.secret);
  if (!secret) {
    throw new GatewayError(ErrorCode.SECRET_MISSING, `server "${server.name}" needs secret ${client.secret} (the secret of its OAuth client)`, {
      suggestion: `mcpgw secret set ${client.secret}`,
    });
  }
  return { clientId: client.id, clientSecret: secret.reveal() };
}

/** `scopes a b, expires 2026-…`: what a grant gives, never its tokens. */
export function describeGrant(tokens: { scope?: readonly string[]; expiresAt?: number }): string {
  const scopes = tokens.scope && tokens.scope.length > 0 ? `scopes ${tokens.scope.join(" ")}` : "no scopes named";
  const expires = tokens.expiresAt !== undefined ? `expires ${new Date(tokens.expiresAt).toISOString()}` : "no expiry given";
  return `${scopes}, ${expires}`;
}
