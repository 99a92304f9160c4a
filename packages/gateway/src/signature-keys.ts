// The gateway's own signature keys: `--signature-key` (repeatable) and `MCPGW_SIGNATURE_KEYS`,
// each a key file or PEM text. A catalog entry's `signatureKeys` join them for its images.
import type { Logger, SignatureKey } from "@mcpgw/core";
import { ErrorCode } from "@mcpgw/core";
import { readSignatureKeys } from "@mcpgw/registry";
import { parseSignatureKeys } from "@mcpgw/runtime-docker";

/** The variable of the gateway's keys: comma-separated key files or PEM texts (PEM has no commas). */
export const SIGNATURE_KEYS_VARIABLE = "MCPGW_SIGNATURE_KEYS";

/**
 * Reads and checks the gateway's signature keys when verification is on; with it off, keys
 * given are only warned about. A bad key stops the start, naming where it was given.
 * @throws GatewayError `INVALID_ARGUMENT` for a key file that cannot be read or a key that is none.
 */
export async function gatewaySignatureKeys(
  options: { verifySignatures?: boolean; signatureKeys?: readonly string[] },
  env: NodeJS.ProcessEnv,
  cwd: string,
  logger: Logger,
): Promise<SignatureKey[] | undefined> {
  const fromEnv = (env[SIGNATURE_KEYS_VARIABLE] ?? "")
    .split(",")
    .map((value) => value.trim())
    .filter((value) => value !== "");
  const flags = options.signatureKeys ?? [];
  if (!options.verifySignatures) {
    if (flags.length > 0 || fromEnv.length > 0) logger.warn(`signature keys are given (--signature-key or ${SIGNATURE_KEYS_VARIABLE}) but image signatures are not verified: add --verify-signatures`);
    return undefined;
  }
  const read = (values: readonly string[], from: string) => readSignatureKeys(values, { from, baseDir: cwd, code: ErrorCode.INVALID_ARGUMENT });
  const keys = [...(await read(flags, "--signature-key")), ...(await read(fromEnv, SIGNATURE_KEYS_VARIABLE))];
  const parsed = parseSignatureKeys(keys);
  logger.info("image signatures are verified before images run", { keys: parsed.length, from: [...new Set(keys.map((k) => k.source))].join("; ") || "catalog entries only" });
  return keys;
}
