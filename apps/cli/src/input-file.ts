import { readFile } from "node:fs/promises";
import { ErrorCode, GatewayError } from "@mcpgw/core";

/** A file a command reads from its arguments; one it cannot read is NOT_FOUND with the reason. */
export async function readInputFile(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    throw new GatewayError(ErrorCode.NOT_FOUND, `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}
