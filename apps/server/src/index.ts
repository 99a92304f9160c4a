#!/usr/bin/env node
// The deployable gateway: `node dist/index.js`, configured by MCPGW_* environment variables
// only (README.md lists them). Reads the environment, starts, prints where it serves, and
// stops its servers on SIGINT/SIGTERM.
import { exitCodeOf } from "@mcpgw/core";
import { onShutdown } from "@mcpgw/runtime-kernel";
import { createGateway, loadStoredToken } from "@mcpgw/gateway";
import { createServerApp } from "./create-server-app.js";
import { formatStartup, formatStartupError } from "./startup-output.js";

try {
  const app = createServerApp(process.env);
  for (const warning of app.warnings) process.stderr.write(`mcpgw-server: ${warning}\n`);
  // With no token given, the home's stored one: a client configured once keeps working across restarts.
  const { tokenFile } = app;
  const storedToken = tokenFile === undefined ? undefined : { token: await loadStoredToken(tokenFile), file: tokenFile };
  const gateway = await createGateway(storedToken === undefined ? app.options : { ...app.options, authToken: storedToken.token });
  onShutdown(() => gateway.close());
  process.stdout.write(formatStartup({ url: gateway.url ?? "", storedToken, authenticated: app.options.allowUnauthenticated !== true }));
  await gateway.closed;
} catch (error) {
  process.stderr.write(formatStartupError(error));
  // The CLI's exit codes: a wrong setting is 2, a bug 70, the rest by what failed.
  process.exitCode = exitCodeOf(error);
}
