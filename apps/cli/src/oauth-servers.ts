// What the `oauth` commands share: the catalog's remote servers and the OAuth providers of its
// container and process servers (Docker's `oauth.providers` form), and the OAuth store in the
// home's local secret store (mode 0600), laid out by @mcpgw/transports.
import type { OAuthProvider, ServerEntry } from "@mcpgw/catalog";
import { isProviderName, oauthProviders, serverType } from "@mcpgw/catalog";
import { didYouMean, ErrorCode, GatewayError } from "@mcpgw/core";
import { loadConfigPlane } from "@mcpgw/registry";
import { createLocalSecretStore } from "@mcpgw/secrets";
import type { OAuthStore } from "@mcpgw/transports";
import { createOAuthStore } from "@mcpgw/transports";
import type { HomeLayout } from "@mcpgw/user-files";
import { Flags } from "@oclif/core";
import { secretChainFor } from "./secrets-flag.js";

/** A catalog server the OAuth commands can act on. */
export interface OAuthServer {
  name: string;
  /** Its MCP endpoint (`remote.url`), absent for a container or process server. */
  url?: string;
  entry: ServerEntry;
  /** A container or process server's OAuth providers whose names can name their tokens; none for others. */
  providers: OAuthProvider[];
}

/** What `oauth authorize` and `oauth revoke` act on: a remote server, or one provider of a container or process server. */
export type OAuthTarget = (OAuthServer & { kind: "remote"; url: string }) | (OAuthServer & { kind: "provider"; provider: OAuthProvider });

/** `--allow-private-remotes`, as `gateway run` has it: every OAuth request goes through the same guard. */
export const allowPrivateRemotesFlag = Flags.boolean({
  description: "reach a remote server and its authorization server on private, loopback or link-local addresses (refused by default)",
  default: false,
});

/** `--provider`: which of a container server's OAuth providers. */
export const providerFlag = Flags.string({ description: "for a container or process server with several OAuth providers: which one (default the first)" });

/** The home's OAuth store. */
export function oauthStoreFor(home: HomeLayout): OAuthStore {
  return createOAuthStore(createLocalSecretStore({ file: home.secretsFile }));
}

/** Every catalog server, by name, with its remote URL when it is a remote server and its providers when it is a container or process one. */
export async function catalogServers(home: HomeLayout): Promise<Map<string, OAuthServer>> {
  const plane = await loadConfigPlane({ home });
  return new Map(
    [...plane.catalog.byName].map(([name, { entry }]) => {
      const type = serverType(entry);
      const url = type === "remote" ? (entry.remote?.url ?? entry.sseEndpoint) : undefined;
      const providers = type === "server" || type === "process" ? oauthProviders(entry).filter((p) => isProviderName(p.provider)) : [];
      return [name, { name, entry, providers, ...(url ? { url } : {}) }];
    }),
  );
}

/** The name a target's tokens are stored under: the server's, or its provider's. */
export function tokensName(target: OAuthTarget): string {
  return target.kind === "remote" ? target.name : target.provider.provider;
}

/** `github` or `github (provider gh)`: a target for messages. */
export function describeTarget(target: OAuthTarget): string {
  return target.kind === "remote" ? target.name : `${target.name} (provider ${target.provider.provider})`;
}

/**
 * The remote server `name` of the catalogs, or the provider of container or process server
 * `name` (`provider`, default its first).
 * @throws GatewayError `NOT_FOUND` for an unknown server or provider, `INVALID_ARGUMENT` for a
 *   server that is neither remote nor has OAuth providers, or `provider` given for a remote one.
 */
export async function oauthTarget(home: HomeLayout, name: string, provider?: string): Promise<OAuthTarget> {
  const servers = await catalogServers(home);
  const server = servers.get(name);
  if (!server) {
    throw new GatewayError(ErrorCode.NOT_FOUND, `no server "${name}" in the catalogs.${didYouMean(name, servers.keys())}`, {
      suggestion: "`mcpgw catalog show` lists the servers the catalogs offer.",
    });
  }
  if (server.url !== undefined) {
    if (provider !== undefined) throw new GatewayError(ErrorCode.INVALID_ARGUMENT, `server "${name}" is a remote server: --provider is for container and process servers with OAuth providers`);
    return { ...server, kind: "remote", url: server.url };
  }
  const [first] = server.providers;
  if (first === undefined) {
    throw new GatewayError(ErrorCode.INVALID_ARGUMENT, `server "${name}" is not a remote server with a URL and has no OAuth providers; OAuth authorization is for those`, {
      suggestion: "`mcpgw oauth ls` lists the servers that use OAuth.",
    });
  }
  const chosen = provider === undefined ? first : server.providers.find((p) => p.provider === provider);
  if (!chosen) {
    throw new GatewayError(ErrorCode.NOT_FOUND, `server "${name}" has no OAuth provider "${provider}".${didYouMean(provider ?? "", server.providers.map((p) => p.provider))}`, {
      suggestion: `its providers: ${server.providers.map((p) => p.provider).join(", ")}`,
    });
  }
  return { ...server, kind: "provider", provider: chosen };
}

/**
 * The client the catalog pre-registered (`oauth.client`), its secret from the secret chain.
 * @throws GatewayError `SECRET_MISSING` when the secret it names has no value.
 */
export async function preRegisteredClient(home: HomeLayout, target: OAuthTarget, secrets: string, notice: (m: string) => void): Promise<{ clientId: string; clientSecret?: string } | undefined> {
  const client = target.entry.oauth?.client;
  if (!client) return undefined;
  if (client.secret === undefined) return { clientId: client.id };
  const value = await (await secretChainFor(secrets, home, notice)).resolve(client.secret);
  if (!value) {
    throw new GatewayError(ErrorCode.SECRET_MISSING, `server "${target.name}" needs secret ${client.secret} (the secret of its OAuth client)`, {
      data: { server: target.name, secret: client.secret },
      suggestion: `mcpgw secret set ${client.secret}`,
    });
  }
  return { clientId: client.id, clientSecret: value.reveal() };
}

/** `scopes a b, expires 2026-…`: what a grant gives, never its tokens. */
export function describeGrant(tokens: { scope?: readonly string[]; expiresAt?: number }): string {
  const scopes = tokens.scope && tokens.scope.length > 0 ? `scopes ${tokens.scope.join(" ")}` : "no scopes named";
  const expires = tokens.expiresAt !== undefined ? `expires ${new Date(tokens.expiresAt).toISOString()}` : "no expiry given";
  return `${scopes}, ${expires}`;
}
