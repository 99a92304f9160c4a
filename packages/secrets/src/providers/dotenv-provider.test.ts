import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ErrorCode, GatewayError } from "@mcpgw/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createDotenvProvider } from "./dotenv-provider.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "mcpgw-dotenv-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("createDotenvProvider", () => {
  it("reads values with dotenv's rules and finds Docker-style names by their normalised form", async () => {
    const path = join(dir, ".env");
    await writeFile(path, '# comment\nexport GITHUB_PERSONAL_ACCESS_TOKEN="quoted value"\nPLAIN=plain\nEMPTY=\n');
    const provider = createDotenvProvider(path, { name: "./.env" });
    expect(provider.name).toBe("./.env");
    expect(await provider.get("github.personal_access_token")).toBe("quoted value");
    expect(await provider.get("PLAIN")).toBe("plain");
    expect(await provider.get("EMPTY")).toBeUndefined();
    expect(await provider.list()).toEqual(["GITHUB_PERSONAL_ACCESS_TOKEN", "PLAIN"]);
  });

  it("sees edits without being rebuilt", async () => {
    const path = join(dir, ".env");
    await writeFile(path, "A=1\n");
    const provider = createDotenvProvider(path);
    expect(await provider.get("A")).toBe("1");
    await writeFile(path, "A=2\n");
    expect(await provider.get("A")).toBe("2");
  });

  it("fails with NOT_FOUND naming the file when it is gone", async () => {
    const provider = createDotenvProvider(join(dir, "missing.env"), { name: "./missing.env" });
    const error = await provider.get("A").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).code).toBe(ErrorCode.NOT_FOUND);
    expect((error as GatewayError).message).toContain("./missing.env");
  });
});
