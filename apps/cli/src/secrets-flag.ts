import type { HomeLayout } from "@mcpgw/user-files";
import type { SecretChain } from "@mcpgw/secrets";
import { createSecretChain, DEFAULT_SECRETS_CHAIN, parseSecretsChain } from "@mcpgw/secrets";
import { Flags } from "@oclif/core";

/** Docker's `--secrets`: a colon-separated provider chain, searched in order. */
export const secretsFlag = Flags.string({
  description: "where secrets come from, in order: store, env, docker-desktop (= store), a .env file, a /run/secrets-style folder",
  default: DEFAULT_SECRETS_CHAIN,
  env: "MCPGW_SECRETS",
});

/** The secret chain of a `--secrets` value, notices going to `notice`. */
export async function secretChainFor(spec: string, home: HomeLayout, notice: (m: string) => void): Promise<SecretChain> {
  return createSecretChain(await parseSecretsChain(spec, { home, env: process.env, cwd: process.cwd(), onNotice: notice }));
}
