import type { ProcessServerSpec } from "@mcpgw/core";

/** What a server may see of the gateway's own environment: enough to find commands and a home. */
const INHERITED = ["PATH", "HOME"] as const;
/** Locale and temp dir matter to many Linux tools (Python's encoding, mktemp) and carry no secrets. */
const INHERITED_ON_LINUX = ["LANG", "LC_ALL", "TMPDIR"] as const;

/**
 * The environment a server process starts with: a few variables of the gateway's own (never
 * the rest, which may hold the gateway's credentials), then the spec's `env`, then its
 * secrets. The result holds secret values: hand it to `spawn` and nowhere else.
 */
export function childEnvironment(
  spec: Pick<ProcessServerSpec, "env" | "secretEnv">,
  gatewayEnv: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
): Record<string, string> {
  const env: Record<string, string> = {};
  const names = platform === "linux" ? [...INHERITED, ...INHERITED_ON_LINUX] : INHERITED;
  for (const name of names) {
    const value = gatewayEnv[name];
    if (value !== undefined) env[name] = value;
  }
  Object.assign(env, spec.env);
  for (const [name, secret] of Object.entries(spec.secretEnv)) env[name] = secret.reveal();
  return env;
}
