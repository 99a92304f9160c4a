import { readFile } from "node:fs/promises";
import { ErrorCode, GatewayError, isNodeError } from "@mcpgw/core";
import { parse } from "dotenv";
import { createEnvProvider } from "./env-provider.js";
import type { SecretProvider } from "../provider.js";

export interface DotenvProviderOptions {
  /** The provider's name in messages; the path unless given (the chain passes what the user typed). */
  name?: string;
}

/**
 * Secrets from a `.env` file, looked up by exact name, then by normalised name. The file is
 * read on every call, so edits show up without a reload; such files are small. A file that
 * does not exist is an error, not an empty provider: the user named it.
 */
export function createDotenvProvider(path: string, options: DotenvProviderOptions = {}): SecretProvider {
  const name = options.name ?? path;
  const load = async (): Promise<SecretProvider> => createEnvProvider(parse(await readDotenv(path, name)), { name });
  return {
    name,
    async get(key) {
      return (await load()).get(key);
    },
    async list() {
      return (await load()).list();
    },
  };
}

/** The file's text; a missing or unreadable file becomes a GatewayError naming it. */
export async function readDotenv(path: string, name: string = path): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if (isNodeError(error) && error.code === "ENOENT") throw missingDotenvError(path, name);
    if (isNodeError(error) && error.code === "EISDIR") {
      throw new GatewayError(ErrorCode.INVALID_ARGUMENT, `secrets file ${name} is a folder, not a .env file`, {
        data: { path },
      });
    }
    throw new GatewayError(ErrorCode.IO, `cannot read secrets file ${name} (${path})`, { cause: error, data: { path } });
  }
}

/** The error for a `.env` file the user named that is not there. */
function missingDotenvError(path: string, name: string): GatewayError {
  return new GatewayError(ErrorCode.NOT_FOUND, `secrets file ${name} does not exist (looked for ${path})`, {
    data: { path },
    suggestion: "Create the file, or leave it out of --secrets (the default chain is store:env).",
  });
}
