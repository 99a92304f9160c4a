import { inspect } from "node:util";
import { SecretValue } from "@mcpgw/core";
import { describe, expect, it } from "vitest";
import { createSecretChain } from "./chain.js";
import type { SecretProvider } from "./provider.js";

function fixed(name: string, values: Record<string, string>): SecretProvider {
  return {
    name,
    get: async (key) => (Object.hasOwn(values, key) ? values[key] : undefined),
    list: async () => Object.keys(values),
  };
}

describe("createSecretChain", () => {
  it("asks providers in order and the first that has the secret wins", async () => {
    const chain = createSecretChain([
      fixed("store", { A: "from-store" }),
      fixed("./.env", { A: "from-dotenv", B: "from-dotenv" }),
      fixed("env", { A: "from-env", B: "from-env", C: "from-env" }),
    ]);
    const a = await chain.resolve("A");
    expect(a).toBeInstanceOf(SecretValue);
    expect(a?.reveal()).toBe("from-store");
    expect(a?.source).toBe("store");
    expect(a?.name).toBe("A");
    expect((await chain.resolve("B"))?.source).toBe("./.env");
    expect((await chain.resolve("C"))?.source).toBe("env");
    expect(await chain.resolve("D")).toBeUndefined();
  });

  it("skips a provider whose value is empty", async () => {
    const chain = createSecretChain([fixed("env", { A: "" }), fixed("store", { A: "real" })]);
    expect((await chain.resolve("A"))?.source).toBe("store");
  });

  it("lists names with every source in chain order, sorted by name", async () => {
    const chain = createSecretChain([fixed("store", { B: "1", A: "1" }), fixed("env", { A: "2", C: "2" })]);
    expect(await chain.list()).toEqual([
      { name: "A", sources: ["store", "env"] },
      { name: "B", sources: ["store"] },
      { name: "C", sources: ["env"] },
    ]);
  });

  it("fails rather than falling through when a provider fails", async () => {
    const broken: SecretProvider = {
      name: "store",
      get: async () => {
        throw new Error("corrupt");
      },
      list: async () => [],
    };
    const chain = createSecretChain([broken, fixed("env", { A: "fallback" })]);
    await expect(chain.resolve("A")).rejects.toThrow("corrupt");
  });

  it("hands out values that do not print", async () => {
    const value = await createSecretChain([fixed("env", { A: "printable-secret" })]).resolve("A");
    expect(`${value} ${JSON.stringify(value)} ${inspect(value)}`).not.toContain("printable-secret");
  });
});
