// The access policy file the `policy` commands read: --policy, else MCPGW_HOME/policy.yaml.
import { resolve } from "node:path";
import { ErrorCode, GatewayError } from "@mcpgw/core";
import type { PolicyFile } from "@mcpgw/registry";
import { readPolicyFile } from "@mcpgw/registry";
import type { HomeLayout } from "@mcpgw/user-files";
import { invalidFileError } from "@mcpgw/user-files";
import { Flags } from "@oclif/core";

/** `--policy FILE`, as `gateway run` takes it. */
export const policyFlag = Flags.string({ description: "the access policy file (default MCPGW_HOME/policy.yaml)", env: "MCPGW_POLICY" });

/** The policy file's path: the flag's, resolved, or the home's. */
export function policyPath(home: HomeLayout, flag: string | undefined): string {
  return flag === undefined ? home.policyFile : resolve(flag);
}

/**
 * Reads the policy file: NOT_FOUND when there is none, the file's errors (file, line and field)
 * when it does not parse. Warnings (unknown fields) go to `notice`.
 */
export async function readPolicyOrFail(file: string, notice: (line: string) => void): Promise<PolicyFile> {
  const parsed = await readPolicyFile(file);
  if (!parsed) {
    throw new GatewayError(ErrorCode.NOT_FOUND, `there is no access policy file ${file}`, {
      suggestion: "without one, every caller sees every tool; README's Access policy section shows one",
    });
  }
  if (!parsed.ok) throw invalidFileError(parsed.errors);
  for (const warning of parsed.warnings) notice(`warning: ${warning.file}:${warning.line ?? "?"}: ${warning.message}`);
  return parsed.value;
}
