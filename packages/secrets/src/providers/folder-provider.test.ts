import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSecretsFolderProvider } from "./folder-provider.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "mcpgw-run-secrets-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("createSecretsFolderProvider", () => {
  it("reads one file per secret, stripping exactly one trailing newline", async () => {
    await writeFile(join(dir, "github.personal_access_token"), "token-value\n");
    await writeFile(join(dir, "TWO_NEWLINES"), "value\n\n");
    await writeFile(join(dir, "CRLF"), "value\r\n");
    await writeFile(join(dir, "NO_NEWLINE"), "value");
    const provider = createSecretsFolderProvider(dir, { name: "/run/secrets" });
    expect(provider.name).toBe("/run/secrets");
    expect(await provider.get("github.personal_access_token")).toBe("token-value");
    expect(await provider.get("TWO_NEWLINES")).toBe("value\n");
    expect(await provider.get("CRLF")).toBe("value");
    expect(await provider.get("NO_NEWLINE")).toBe("value");
    expect(await provider.get("absent")).toBeUndefined();
  });

  it("falls back to the normalised name", async () => {
    await writeFile(join(dir, "GITHUB_PERSONAL_ACCESS_TOKEN"), "normalised\n");
    const provider = createSecretsFolderProvider(dir);
    expect(await provider.get("github.personal_access_token")).toBe("normalised");
  });

  it("lists secrets the way Kubernetes mounts them, skipping its bookkeeping entries", async () => {
    // Kubernetes: real files under ..data, visible names are symlinks into it.
    await mkdir(join(dir, "..2024_01_01"));
    await writeFile(join(dir, "..2024_01_01", "API_KEY"), "k8s-value\n");
    await symlink("..2024_01_01", join(dir, "..data"));
    await symlink(join("..data", "API_KEY"), join(dir, "API_KEY"));
    await writeFile(join(dir, "plain"), "x");
    await writeFile(join(dir, "empty"), "");
    await mkdir(join(dir, "subfolder"));
    const provider = createSecretsFolderProvider(dir);
    expect(await provider.list()).toEqual(["API_KEY", "plain"]);
    expect(await provider.get("API_KEY")).toBe("k8s-value");
    expect(await provider.get("empty")).toBeUndefined();
    expect(await provider.get("subfolder")).toBeUndefined();
  });

  it("never reads outside its folder", async () => {
    await writeFile(join(dir, "outside"), "outside-value");
    await mkdir(join(dir, "inner"));
    const provider = createSecretsFolderProvider(join(dir, "inner"));
    expect(await provider.get("../outside")).toBeUndefined();
    expect(await provider.get("..")).toBeUndefined();
  });
});
