import { describe, expect, it } from "vitest";
import { isJsonText } from "./json-syntax.js";

describe("isJsonText", () => {
  it.each([
    '{"alg":"HS256","typ":"JWT"}',
    ' { "a" : [1, -2.5e3, true, false, null, "x\\"y\\u00e9"], "b": {} } ',
    "[]",
    '"s"',
    "0",
  ])("accepts %s", (text) => {
    expect(isJsonText(text)).toBe(true);
    expect(() => JSON.parse(text)).not.toThrow();
  });

  it.each(['{"alg":}', '{"alg":"x",}', "{alg:1}", "[1,]", "01", '"\u0001"', "{} {}", "", '{"a":"x"', "nul", "[".repeat(20) + "]".repeat(20)])(
    "rejects %s without throwing",
    (text) => {
      expect(isJsonText(text)).toBe(false);
    },
  );
});
