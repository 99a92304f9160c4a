import { describe, expect, it } from "vitest";
import { createStaticTokenTable } from "./static-tokens.js";

describe("createStaticTokenTable", () => {
  const table = createStaticTokenTable([
    { name: "ci", value: "ci-token-1", scopes: ["tools:call"] },
    { name: "dashboard", value: "dash-token-2", scopes: [] },
  ]);

  it("gives the holder of a token its principal", () => {
    expect(table.principalOf("ci-token-1")).toEqual({ via: "token", subject: "ci", scopes: ["tools:call"] });
    expect(table.principalOf("dash-token-2")).toEqual({ via: "token", subject: "dashboard", scopes: [] });
  });

  it("knows no one by a near miss", () => {
    for (const presented of ["ci-token-", "ci-token-1x", "CI-TOKEN-1", ""]) expect(table.principalOf(presented), presented).toBeUndefined();
  });

  it("refuses unusable or repeated values without naming them", () => {
    const bad = [
      [{ name: "a", value: "two words", scopes: [] }],
      [{ name: "", value: "fine", scopes: [] }],
      [
        { name: "a", value: "same-value", scopes: [] },
        { name: "b", value: "same-value", scopes: [] },
      ],
    ];
    for (const tokens of bad) {
      expect(() => createStaticTokenTable(tokens)).toThrow(expect.objectContaining({ code: "INVALID_ARGUMENT" }));
      try {
        createStaticTokenTable(tokens);
      } catch (error) {
        for (const token of tokens) if (token.value.length > 4) expect((error as Error).message).not.toContain(token.value);
      }
    }
    expect(() => createStaticTokenTable([{ name: "a", value: "gateway-token", scopes: [] }], "gateway-token")).toThrow(/same value/);
  });
});
