// Public keys for image signatures, as users give them: PEM text, or a file that holds it.
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { ErrorCode, SignatureKey } from "@mcpgw/core";
import { GatewayError } from "@mcpgw/core";

const PEM_BEGIN = "-----BEGIN ";

/** Where keys were given, for what their errors say. */
export interface SignatureKeySource {
  /** How the values were given, e.g. `--signature-key`, `MCPGW_SIGNATURE_KEYS`, `catalog cat.yaml, server "x", signatureKeys`. */
  from: string;
  /** The folder relative key files are taken from. */
  baseDir: string;
  /** The code of a key file that cannot be read. */
  code: ErrorCode;
}

/**
 * Reads signature keys given as PEM text or as files (relative to `baseDir`) holding it. Whether
 * the text is a public key of a supported kind is checked where keys are used, and the source
 * each key keeps says where it was given.
 * @throws GatewayError with `source.code` when a file cannot be read or holds no PEM block.
 * @example
 * const keys = await readSignatureKeys(["keys/acme.pub"], { from: "--signature-key", baseDir: process.cwd(), code: "INVALID_ARGUMENT" });
 */
export async function readSignatureKeys(values: readonly string[], source: SignatureKeySource): Promise<SignatureKey[]> {
  return Promise.all(
    values.map(async (value, index) => {
      const nth = values.length > 1 ? ` #${index + 1}` : "";
      if (value.includes(PEM_BEGIN)) return { pem: value, source: `${source.from}${nth} (PEM text)` };
      const file = resolve(source.baseDir, value.trim());
      const where = `${source.from}${nth} (file ${file})`;
      let pem: string;
      try {
        pem = await readFile(file, "utf8");
      } catch (error) {
        throw new GatewayError(source.code, `${where}: cannot read the key file: ${(error as Error).message}`, { cause: error });
      }
      if (!pem.includes(PEM_BEGIN)) {
        throw new GatewayError(source.code, `${where}: the file holds no PEM key; a public key starts with -----BEGIN PUBLIC KEY-----`);
      }
      return { pem, source: where };
    }),
  );
}
