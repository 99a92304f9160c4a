import { stat } from "node:fs/promises";
import { homedir } from "node:os";
import { basename, join, resolve } from "node:path";
import { ErrorCode, GatewayError, isNodeError } from "@mcpgw/core";
import type { HomeLayout } from "@mcpgw/user-files";
import type { SecretProvider } from "./provider.js";
import { createDotenvProvider, readDotenv } from "./providers/dotenv-provider.js";
import { createEnvProvider } from "./providers/env-provider.js";
import { createSecretsFolderProvider } from "./providers/folder-provider.js";
import { createLocalSecretStore } from "./providers/local-store.js";

/** The chain used when `--secrets` is not given: the local store, then the environment. */
export const DEFAULT_SECRETS_CHAIN = "store:env";

export interface ParseSecretsChainOptions {
  /** Where the local store lives (`resolveHome()` gives it). */
  home: Pick<HomeLayout, "secretsFile">;
  /** The environment the `env` provider reads, usually `process.env`. */
  env: Readonly<Record<string, string | undefined>>;
  /** The folder relative paths are taken from. */
  cwd: string;
  /** Called with one-line notices for the user, e.g. that `docker-desktop` means the local store. */
  onNotice?: (message: string) => void;
}

/**
 * Builds the providers of a `--secrets` spec, Docker's colon-separated list such as
 * `store:./.env:/run/secrets`. Elements: `store` (the local store), `docker-desktop` (taken as
 * the local store, with a notice), `env` (the process environment), or a path: an existing
 * folder is read as one file per secret, anything else as a `.env` file. A `.env` file that is not
 * there (a name like `.env`, `.env.local` or `team.env`) is left out with a notice, as Docker does;
 * any other path that is not there is an error.
 * @example await parseSecretsChain("store:./.env", { home: resolveHome(), env: process.env, cwd: process.cwd() })
 */
export async function parseSecretsChain(spec: string, options: ParseSecretsChainOptions): Promise<SecretProvider[]> {
  const elements = splitSpec(spec);
  const providers: SecretProvider[] = [];
  let store: SecretProvider | undefined;
  const add = (provider: SecretProvider): void => {
    // `store:docker-desktop` names one store twice; asking it twice would only repeat it in listings.
    if (!providers.some((p) => p.name === provider.name)) providers.push(provider);
  };

  for (const element of elements) {
    switch (element) {
      case "store":
        add((store ??= createLocalSecretStore({ file: options.home.secretsFile })));
        break;
      case "docker-desktop":
        options.onNotice?.(
          `--secrets docker-desktop: Docker Desktop's secret store is not used; reading mcpgw's local store (${options.home.secretsFile}) instead`,
        );
        add((store ??= createLocalSecretStore({ file: options.home.secretsFile })));
        break;
      case "env":
        add(createEnvProvider(options.env));
        break;
      default: {
        const provider = await pathProvider(element, options);
        if (provider) add(provider);
      }
    }
  }
  return providers;
}

async function pathProvider(element: string, options: ParseSecretsChainOptions): Promise<SecretProvider | undefined> {
  const path = resolve(options.cwd, expandHome(element, options.env));
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(path)).isDirectory();
  } catch (error) {
    if (isNodeError(error) && (error.code === "ENOENT" || error.code === "ENOTDIR")) {
      if (isDotenvName(path)) {
        options.onNotice?.(`Warning: --secrets element "${element}": no .env file at ${path}; its secrets are left out`);
        return undefined;
      }
      throw new GatewayError(
        ErrorCode.NOT_FOUND,
        `--secrets element "${element}" is not store, docker-desktop or env, and no file or folder is at ${path}`,
        {
          data: { element, path },
          suggestion: `Create the .env file or folder, or leave it out of --secrets (the default is ${DEFAULT_SECRETS_CHAIN}).`,
        },
      );
    }
    throw new GatewayError(ErrorCode.IO, `cannot read --secrets element "${element}" (${path})`, {
      cause: error,
      data: { element, path },
    });
  }
  if (isDirectory) return createSecretsFolderProvider(path, { name: element });
  // Read once now so that an unreadable file fails the start, not the first tool call.
  await readDotenv(path, element);
  return createDotenvProvider(path, { name: element });
}

/** `.env`, `.env.local`, `team.env`: a name that says it is a .env file rather than a folder. */
function isDotenvName(path: string): boolean {
  const name = basename(path.replaceAll("\\", "/"));
  return name === ".env" || name.startsWith(".env.") || name.endsWith(".env");
}

function splitSpec(spec: string): string[] {
  const parts = spec.split(":");
  const elements: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? "";
    const next = parts[i + 1];
    // A Windows drive (`C:\secrets`) is one path, not two elements.
    if (/^[A-Za-z]$/.test(part) && next !== undefined && /^[\\/]/.test(next)) {
      elements.push(`${part}:${next}`);
      i++;
    } else {
      elements.push(part.trim());
    }
  }
  if (elements.length === 0 || elements.some((element) => element === "")) {
    throw new GatewayError(ErrorCode.INVALID_ARGUMENT, `--secrets ${JSON.stringify(spec)} has an empty element`, {
      suggestion: `Separate providers with single colons, e.g. ${DEFAULT_SECRETS_CHAIN}:./.env`,
    });
  }
  return elements;
}

/** `~/x` as the user's home: a shell leaves a `~` inside `store:~/x` unexpanded. */
function expandHome(element: string, env: Readonly<Record<string, string | undefined>>): string {
  if (element !== "~" && !element.startsWith("~/")) return element;
  return join(env.HOME || homedir(), element.slice(1));
}
