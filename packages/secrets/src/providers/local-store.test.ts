import { chmod, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { ErrorCode, GatewayError } from "@mcpgw/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLocalSecretStore } from "./local-store.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "mcpgw-store-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const modeOf = async (path: string): Promise<number> => (await stat(path)).mode & 0o777;

async function rejection(promise: Promise<unknown>): Promise<GatewayError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GatewayError);
  return error as GatewayError;
}

/** Everything an error could show a user or a log: message, suggestion, data, cause, inspect. */
function everythingShown(error: GatewayError): string {
  return [error.message, error.suggestion, JSON.stringify(error.data), String(error.cause), inspect(error, { depth: 5 })].join("\n");
}

describe("createLocalSecretStore", () => {
  it("creates the file with mode 0600 in Docker's JSON shape, and keeps it 0600", async () => {
    const file = join(dir, "home", "secrets.json");
    const store = createLocalSecretStore({ file });
    await store.set("github.personal_access_token", "value-1");
    expect(await modeOf(file)).toBe(0o600);
    expect(await modeOf(join(dir, "home"))).toBe(0o700);
    expect(JSON.parse(await readFile(file, "utf8"))).toEqual({
      version: 1,
      secrets: { "github.personal_access_token": "value-1" },
    });

    await store.set("OTHER", "value-2");
    expect(await modeOf(file)).toBe(0o600);

    // Someone opened it up: the next write closes it again.
    await chmod(file, 0o644);
    await store.set("OTHER", "value-3");
    expect(await modeOf(file)).toBe(0o600);
  });

  it("sets, gets, lists and removes", async () => {
    const store = createLocalSecretStore({ file: join(dir, "secrets.json") });
    expect(store.name).toBe("store");
    expect(await store.list()).toEqual([]);
    expect(await store.get("A")).toBeUndefined();
    await store.set("B", "bee-value");
    await store.set("A", "ay-value");
    await store.set("A", "ay-value-2");
    expect(await store.get("A")).toBe("ay-value-2");
    expect(await store.list()).toEqual(["A", "B"]);
    expect(await store.remove(["A", "missing", "A"])).toEqual(["A"]);
    expect(await store.list()).toEqual(["B"]);
    expect(await store.remove(["missing"])).toEqual([]);
  });

  it("keeps a secret named __proto__ as a secret", async () => {
    const store = createLocalSecretStore({ file: join(dir, "secrets.json") });
    await store.set("__proto__", "proto-value");
    expect(await store.get("__proto__")).toBe("proto-value");
    expect(await store.list()).toEqual(["__proto__"]);
  });

  it("rejects bad names without echoing them, and empty values", async () => {
    const store = createLocalSecretStore({ file: join(dir, "secrets.json") });
    const typedValueAsName = "looks like a value pasted as the name";
    const bad = await rejection(store.set(typedValueAsName, "x"));
    expect(bad.code).toBe(ErrorCode.INVALID_ARGUMENT);
    expect(everythingShown(bad)).not.toContain(typedValueAsName);
    expect((await rejection(store.set("NAME", ""))).code).toBe(ErrorCode.INVALID_ARGUMENT);
    expect((await rejection(store.set("../escape", "x"))).code).toBe(ErrorCode.INVALID_ARGUMENT);
  });

  it.each([
    ["truncated JSON", '{"version":1,"secrets":{"A":"corrupt-store-secret-value"'],
    ["not JSON at all", "corrupt-store-secret-value and more"],
    ["a value that is not a string", '{"version":1,"secrets":{"A":{"nested":"corrupt-store-secret-value"}}}'],
    ["no version", '{"secrets":{"A":"corrupt-store-secret-value"}}'],
  ])("fails on a corrupt store (%s) naming the file, never showing its content", async (_, content) => {
    const file = join(dir, "secrets.json");
    await writeFile(file, content, { mode: 0o600 });
    const store = createLocalSecretStore({ file });
    for (const attempt of [() => store.get("A"), () => store.list(), () => store.set("B", "new-value")]) {
      const error = await rejection(attempt());
      expect(error.code).toBe(ErrorCode.CONFIG_INVALID);
      expect(error.message).toContain(file);
      expect(everythingShown(error)).not.toContain("corrupt-store-secret-value");
    }
    // A failed update leaves the file as it was, for the user to repair.
    expect(await readFile(file, "utf8")).toBe(content);
  });

  it("says where in the file JSON breaks", async () => {
    const file = join(dir, "secrets.json");
    await writeFile(file, '{\n  "version": 1,\n  "secrets": { "A": "x", }\n}\n');
    const error = await rejection(createLocalSecretStore({ file }).get("A"));
    expect(error.message).toMatch(/line 3, column \d+/);
  });

  it("refuses a store from a newer format version", async () => {
    const file = join(dir, "secrets.json");
    await writeFile(file, '{"version":2,"secrets":{}}');
    expect((await rejection(createLocalSecretStore({ file }).list())).code).toBe(ErrorCode.UNSUPPORTED);
  });
});
