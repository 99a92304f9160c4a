import { ErrorCode, GatewayError } from "@mcpgw/core";

/** The only format version of the store file this code reads and writes. */
export const STORE_FILE_VERSION = 1;

/**
 * Parses the store file's text (`{"version":1,"secrets":{"KEY":"value"}}`) into a map.
 * Errors name the file and a position, never any of its content: the file is all secrets,
 * and JSON.parse's own messages quote the text around the fault, so they are not passed on.
 */
export function parseStoreFile(text: string, file: string): Map<string, string> {
  const secrets = new Map<string, string>();
  if (text.trim() === "") return secrets;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw corrupt(file, `it is not valid JSON${positionOf(error, text)}`);
  }
  if (!isRecord(data)) throw corrupt(file, "it is not a JSON object");
  if (data.version !== STORE_FILE_VERSION) {
    if (typeof data.version === "number" && data.version > STORE_FILE_VERSION) {
      throw new GatewayError(
        ErrorCode.UNSUPPORTED,
        `secret store ${file} has format version ${data.version}, written by a newer mcpgw; this one reads version ${STORE_FILE_VERSION}`,
        { data: { file }, suggestion: "Upgrade mcpgw." },
      );
    }
    throw corrupt(file, `its "version" is not ${STORE_FILE_VERSION}`);
  }
  const raw = data.secrets ?? {};
  if (!isRecord(raw)) throw corrupt(file, `its "secrets" is not an object`);
  for (const [key, value] of Object.entries(raw)) {
    // The key is a name, safe to show; the value is never described beyond its type.
    if (typeof value !== "string") throw corrupt(file, `the value of secret ${JSON.stringify(key)} is not a string`);
    secrets.set(key, value);
  }
  return secrets;
}

/** The store file's text for `secrets`, names sorted so that diffs and backups stay stable. */
export function serialiseStoreFile(secrets: ReadonlyMap<string, string>): string {
  const sorted = [...secrets.keys()].sort().map((key) => [key, secrets.get(key)] as const);
  // Object.fromEntries defines own properties, so a secret named `__proto__` stays a secret.
  return `${JSON.stringify({ version: STORE_FILE_VERSION, secrets: Object.fromEntries(sorted) }, null, 2)}\n`;
}

function corrupt(file: string, why: string): GatewayError {
  return new GatewayError(ErrorCode.CONFIG_INVALID, `secret store ${file} is corrupt: ${why}`, {
    data: { file },
    suggestion: `Repair ${file} by hand, or move it aside and set the secrets again with \`mcpgw secret set\`.`,
  });
}

/** " at line L, column C" from a JSON.parse error, computed from the position alone. */
function positionOf(error: unknown, text: string): string {
  const match = error instanceof Error ? /position (\d+)/.exec(error.message) : null;
  if (!match?.[1]) return "";
  const offset = Math.min(Number(match[1]), text.length);
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - before.lastIndexOf("\n");
  return ` (line ${line}, column ${column})`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
