import { homedir } from "node:os";
import { join, resolve } from "node:path";

/** Where mcpgw keeps a user's files: the same layout as `~/.docker/mcp`. */
export interface HomeLayout {
  root: string;
  catalogsDir: string;
  /** Where each catalog came from (Docker's `catalog.json`), for `catalog update`. */
  catalogIndexFile: string;
  registryFile: string;
  configFile: string;
  toolsFile: string;
  /** Profiles, one `<name>.yaml` each: named sets of servers with their tools and config. */
  profilesDir: string;
  /** The access policy and its named tokens, read when present. */
  policyFile: string;
  /** The local secret store (mode 0600). */
  secretsFile: string;
  /** The HTTP gateway's stored bearer token (mode 0600), made at the first start that needs one. */
  authTokenFile: string;
}

/** The home of `MCPGW_HOME`, else `~/.mcpgw`. */
export function resolveHome(env: NodeJS.ProcessEnv = process.env): HomeLayout {
  const root = resolve(env.MCPGW_HOME || join(homedir(), ".mcpgw"));
  return {
    root,
    catalogsDir: join(root, "catalogs"),
    catalogIndexFile: join(root, "catalog.json"),
    registryFile: join(root, "registry.yaml"),
    configFile: join(root, "config.yaml"),
    toolsFile: join(root, "tools.yaml"),
    profilesDir: join(root, "profiles"),
    policyFile: join(root, "policy.yaml"),
    secretsFile: join(root, "secrets.json"),
    authTokenFile: join(root, "auth-token"),
  };
}
