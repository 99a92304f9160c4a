import { spawn } from "node:child_process";
import { ErrorCode, GatewayError } from "@mcpgw/core";
import { authorizeProvider, authorizeServer, oauthCallbackPort } from "@mcpgw/transports";
import type { AuthorizeServerOptions, StoredTokens } from "@mcpgw/transports";
import { Args, Flags } from "@oclif/core";
import { BaseCommand } from "../../base-command.js";
import { allowPrivateRemotesFlag, describeGrant, describeTarget, oauthStoreFor, oauthTarget, preRegisteredClient, providerFlag, tokensName } from "../../oauth-servers.js";
import type { OAuthTarget } from "../../oauth-servers.js";
import { secretsFlag } from "../../secrets-flag.js";

export default class OAuthAuthorize extends BaseCommand {
  static override summary = "Authorize mcpgw for a remote server that needs OAuth, or with a container server's OAuth provider, and keep the tokens in the local secret store.";
  static override description =
    "Prints the authorization URL (and opens it with --open-browser when a browser opener exists), waits for the authorization server to " +
    "redirect back to a callback on 127.0.0.1 (port MCPGW_OAUTH_PORT, default 5000; 0 for any free one), exchanges the code and stores the tokens " +
    "as the secret oauth/SERVER (mode 0600 file). Tokens are never printed. For a container or process server with `oauth.providers` " +
    "(Docker's form), its provider is authorized instead, at the provider's `issuer` (or --issuer), and the tokens are stored as oauth/PROVIDER: " +
    "the gateway starts the server with the provider's access token in the variable the catalog names.";
  static override examples = [
    "<%= config.bin %> oauth authorize notion",
    '<%= config.bin %> oauth authorize linear --scopes "read write" --open-browser',
    "<%= config.bin %> oauth authorize github --issuer https://auth.example.com",
  ];
  static override args = { server: Args.string({ description: "a remote server of the catalogs, or a container or process server with OAuth providers", required: true }) };
  static override flags = {
    scopes: Flags.string({ description: 'the scopes to ask for, space-separated ("a b"); default what the server asks for, or the catalog\'s `oauth.scopes`' }),
    "open-browser": Flags.boolean({ description: "open the authorization URL in a browser, when one exists", default: false }),
    provider: providerFlag,
    issuer: Flags.string({ description: "for a container or process server: the issuer URL of its provider's authorization server (default the provider's `issuer` in the catalog)" }),
    secrets: secretsFlag,
    "allow-private-remotes": allowPrivateRemotesFlag,
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(OAuthAuthorize);
    const target = await oauthTarget(this.home, args.server, flags.provider);
    // What can be refused is settled before a callback port opens or a URL is printed.
    const authorize = await this.#flowFor(target, flags);
    const store = oauthStoreFor(this.home);
    const scopes = flags.scopes?.split(/\s+/).filter((s) => s !== "") ?? target.entry.oauth?.scopes;
    const stop = new AbortController();
    const onSignal = () => stop.abort();
    process.once("SIGINT", onSignal);
    try {
      const tokens = await authorize({
        ...(scopes && scopes.length > 0 ? { scopes } : {}),
        allowPrivateNetworks: flags["allow-private-remotes"],
        registrations: store.registrations,
        port: oauthCallbackPort(),
        signal: stop.signal,
        onAuthorizationUrl: (url: URL) => {
          this.log(`Open this URL to authorize ${describeTarget(target)}:\n${url.href}`);
          if (flags["open-browser"]) openBrowser(url.href, (m) => this.notice(m));
          this.notice("Waiting for the authorization to complete (Ctrl-C to stop)…");
        },
      });
      await store.saveTokens(tokensName(target), tokens);
      this.log(`Authorized ${target.name} (${target.kind === "provider" ? `provider ${target.provider.provider}; ` : ""}${describeGrant(tokens)}).`);
    } finally {
      process.off("SIGINT", onSignal);
    }
  }

  /** The flow for a remote server (discovery from its URL) or a provider (its issuer); either with the catalog's client, when it names one. */
  async #flowFor(target: OAuthTarget, flags: { issuer?: string; secrets: string }): Promise<(flow: Flow) => Promise<StoredTokens>> {
    if (target.kind === "remote" && flags.issuer !== undefined) {
      throw new GatewayError(ErrorCode.INVALID_ARGUMENT, `server "${target.name}" is a remote server: its authorization server is discovered from its URL; --issuer is for container and process servers`);
    }
    const issuer = target.kind === "provider" ? issuerOf(target, flags.issuer) : undefined;
    const preRegistered = await preRegisteredClient(this.home, target, flags.secrets, (m) => this.notice(m));
    const client = preRegistered ? { preRegistered } : {};
    if (target.kind === "remote") return (flow) => authorizeServer({ ...flow, server: target.name, url: target.url, ...client });
    return (flow) => authorizeProvider({ ...flow, server: target.name, issuer: issuer!, ...client });
  }
}

/** What both flows take from the command. */
type Flow = Omit<AuthorizeServerOptions, "server" | "url" | "preRegistered">;

/** The provider's issuer: `--issuer`, else the catalog item's. */
function issuerOf(target: OAuthTarget & { kind: "provider" }, flag: string | undefined): URL {
  const issuer = flag ?? target.provider.issuer;
  if (issuer === undefined) {
    throw new GatewayError(ErrorCode.INVALID_ARGUMENT, `the OAuth provider "${target.provider.provider}" of server "${target.name}" names no authorization server`, {
      suggestion: `give its issuer: mcpgw oauth authorize ${target.name} --issuer https://… (or an \`issuer:\` on the provider in the catalog)`,
    });
  }
  if (!URL.canParse(issuer)) throw new GatewayError(ErrorCode.INVALID_ARGUMENT, `--issuer must be a URL, such as https://auth.example.com`);
  return new URL(issuer);
}

/** Opens `url` with the platform's opener when there is one; never fails because there is none. */
function openBrowser(url: string, notice: (message: string) => void): void {
  const opener = process.platform === "darwin" ? "open" : process.platform === "win32" ? "explorer" : "xdg-open";
  try {
    const child = spawn(opener, [url], { detached: true, stdio: "ignore" });
    child.once("error", () => notice(`No browser opener (${opener}) found: open the URL yourself.`));
    child.unref();
  } catch {
    notice(`No browser opener (${opener}) found: open the URL yourself.`);
  }
}
