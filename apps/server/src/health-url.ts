import type { Environment } from "./env-reader.js";
import { DEFAULT_HOST, DEFAULT_PORT } from "./create-server-app.js";

/**
 * Where a gateway configured by `env` answers `/health` from inside its own container or
 * host: the bound address, or loopback when it binds every interface (`0.0.0.0`, `::`); over
 * https when it is given a certificate (`MCPGW_TLS_CERT`).
 */
export function healthUrl(env: Environment): string {
  const host = env.MCPGW_HOST?.trim() || DEFAULT_HOST;
  const port = env.MCPGW_PORT?.trim() || String(DEFAULT_PORT);
  const bare = host.replace(/^\[(.*)\]$/, "$1");
  const target = bare === "0.0.0.0" ? "127.0.0.1" : bare === "::" ? "::1" : bare;
  const scheme = env.MCPGW_TLS_CERT?.trim() ? "https" : "http";
  return `${scheme}://${target.includes(":") ? `[${target}]` : target}:${port}/health`;
}
