import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ErrorCode, GatewayError } from "@mcpgw/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSecretChain } from "./chain.js";
import { DEFAULT_SECRETS_CHAIN, parseSecretsChain } from "./parse-chain.js";
import type { ParseSecretsChainOptions } from "./parse-chain.js";
import { createLocalSecretStore } from "./providers/local-store.js";

let dir: string;
let options: ParseSecretsChainOptions;
let notices: string[];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "mcpgw-chain-"));
  notices = [];
  options = {
    home: { secretsFile: join(dir, "home", "secrets.json") },
    env: { GITHUB_PERSONAL_ACCESS_TOKEN: "from-env", ONLY_ENV: "env-value" },
    cwd: dir,
    onNotice: (message) => notices.push(message),
  };
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function rejection(promise: Promise<unknown>): Promise<GatewayError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GatewayError);
  return error as GatewayError;
}

describe("parseSecretsChain", () => {
  it("defaults to the store, then the environment", async () => {
    expect(DEFAULT_SECRETS_CHAIN).toBe("store:env");
    const providers = await parseSecretsChain(DEFAULT_SECRETS_CHAIN, options);
    expect(providers.map((p) => p.name)).toEqual(["store", "env"]);
  });

  it("builds store, .env file and secrets folder in the order given, first one winning", async () => {
    await createLocalSecretStore({ file: options.home.secretsFile }).set("github.personal_access_token", "from-store");
    await writeFile(join(dir, ".env"), "GITHUB_PERSONAL_ACCESS_TOKEN=from-dotenv\nONLY_DOTENV=dotenv-value\n");
    await mkdir(join(dir, "run-secrets"));
    await writeFile(join(dir, "run-secrets", "github.personal_access_token"), "from-folder\n");
    await writeFile(join(dir, "run-secrets", "ONLY_FOLDER"), "folder-value\n");

    const providers = await parseSecretsChain(`store:./.env:${join(dir, "run-secrets")}:env`, options);
    expect(providers.map((p) => p.name)).toEqual(["store", "./.env", join(dir, "run-secrets"), "env"]);
    const chain = createSecretChain(providers);
    const token = await chain.resolve("github.personal_access_token");
    expect([token?.source, token?.reveal()]).toEqual(["store", "from-store"]);
    expect((await chain.resolve("ONLY_DOTENV"))?.source).toBe("./.env");
    expect((await chain.resolve("ONLY_FOLDER"))?.reveal()).toBe("folder-value");
    expect((await chain.resolve("ONLY_ENV"))?.source).toBe("env");

    // Reversed: the environment's normalised name now wins over the others.
    const reversed = createSecretChain(await parseSecretsChain(`env:${join(dir, "run-secrets")}:./.env:store`, options));
    const fromEnv = await reversed.resolve("github.personal_access_token");
    expect([fromEnv?.source, fromEnv?.reveal()]).toEqual(["env", "from-env"]);
  });

  it("reads a folder of mounted secrets for a path that is a directory", async () => {
    await mkdir(join(dir, "secrets"));
    await writeFile(join(dir, "secrets", "GITHUB_PERSONAL_ACCESS_TOKEN"), "mounted\n");
    const chain = createSecretChain(await parseSecretsChain("secrets", options));
    const value = await chain.resolve("github.personal_access_token");
    expect([value?.source, value?.reveal()]).toEqual(["secrets", "mounted"]);
  });

  it("takes docker-desktop as the local store, with a one-line notice", async () => {
    const providers = await parseSecretsChain("docker-desktop:env", options);
    expect(providers.map((p) => p.name)).toEqual(["store", "env"]);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/Docker Desktop/);
    expect(notices[0]).not.toContain("\n");
  });

  it("does not ask the store twice for store:docker-desktop", async () => {
    const providers = await parseSecretsChain("store:docker-desktop", options);
    expect(providers.map((p) => p.name)).toEqual(["store"]);
  });

  it("leaves out a .env file that is not there, with a warning naming it, as Docker does", async () => {
    for (const missing of ["./missing.env", ".env", "./.env.local"]) {
      notices = [];
      const providers = await parseSecretsChain(`store:${missing}`, options);
      expect(providers.map((p) => p.name)).toEqual(["store"]);
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatch(/^Warning: /);
      expect(notices[0]).toContain(join(dir, missing));
    }
  });

  it("fails with NOT_FOUND naming any other path that is not there", async () => {
    const error = await rejection(parseSecretsChain("store:./missing-secrets", options));
    expect(error.code).toBe(ErrorCode.NOT_FOUND);
    expect(error.message).toContain("./missing-secrets");
    expect(error.message).toContain(join(dir, "missing-secrets"));
  });

  it("fails on empty elements", async () => {
    expect((await rejection(parseSecretsChain("store::env", options))).code).toBe(ErrorCode.INVALID_ARGUMENT);
    expect((await rejection(parseSecretsChain("", options))).code).toBe(ErrorCode.INVALID_ARGUMENT);
  });

  it("reads a Windows drive path as one element", async () => {
    const error = await rejection(parseSecretsChain("store:C:\\no\\such", options));
    expect(error.code).toBe(ErrorCode.NOT_FOUND);
    expect(error.message).toContain("C:\\no\\such");
  });
});
