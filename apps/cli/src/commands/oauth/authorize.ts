import { spawn } from "node:child_process";
import { authorizeServer, oauthCallbackPort } from "@mcpgw/transports";
import { Args, Flags } from "@oclif/core";
import { BaseCommand } from "../../base-command.js";
import { allowPrivateRemotesFlag, describeGrant, oauthStoreFor, preRegisteredClient, remoteServer } from "../../oauth-servers.js";
import { secretChainFor, secretsFlag } from "../../secrets-flag.js";

export default class OAuthAuthorize extends BaseCommand {
  static override summary = "Authorize mcpgw for a remote server that needs OAuth, and keep its tokens in the local secret store.";
  static override description =
    "Prints the authorization URL (and opens it with --open-browser when a browser opener exists), waits for the authorization server to " +
    "redirect back to a callback on 127.0.0.1 (port MCPGW_OAUTH_PORT, default 5000; 0 for any free one), exchanges the code and stores the tokens " +
    "as the secret oauth/SERVER (mode 0600 file). Tokens are never printed.";
  static override examples = ["<%= config.bin %> oauth authorize notion", '<%= config.bin %> oauth authorize linear --scopes "read write" --open-browser'];
  static override args = { server: Args.string({ description: "a remote server of the catalogs", required: true }) };
  static override flags = {
    scopes: Flags.string({ description: 'the scopes to ask for, space-separated ("a b"); default what the server asks for' }),
    "open-browser": Flags.boolean({ description: "open the authorization URL in a browser, when one exists", default: false }),
    "allow-private-remotes": allowPrivateRemotesFlag,
    secrets: secretsFlag,
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(OAuthAuthorize);
    const server = await remoteServer(this.home, args.server);
    const store = oauthStoreFor(this.home);
    const preRegistered = await preRegisteredClient(server, await secretChainFor(flags.secrets, this.home, (m) => this.notice(m)));
    const scopes = flags.scopes?.split(/\s+/).filter((s) => s !== "") ?? server.entry.oauth?.scopes;
    const stop = new AbortController();
    const onSignal = () => stop.abort();
    process.once("SIGINT", onSignal);
    try {
      const tokens = await authorizeServer({
        server: server.name,
        url: server.url,
        ...(scopes && scopes.length > 0 ? { scopes } : {}),
        allowPrivateNetworks: flags["allow-private-remotes"],
        ...(preRegistered ? { preRegistered } : {}),
        registrations: store.registrations,
        port: oauthCallbackPort(),
        signal: stop.signal,
        onAuthorizationUrl: (url) => {
          this.log(`Open this URL to authorize ${server.name}:\n${url.href}`);
          if (flags["open-browser"]) openBrowser(url.href, (m) => this.notice(m));
          this.notice("Waiting for the authorization to complete (Ctrl-C to stop)…");
        },
      });
      await store.saveTokens(server.name, tokens);
      this.log(`Authorized ${server.name} (${describeGrant(tokens)}).`);
    } finally {
      process.off("SIGINT", onSignal);
    }
  }
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
