import { describe, expect, it } from "vitest";
import { shellWords } from "./shell-words.js";

describe("shellWords", () => {
  it("splits at blanks, and keeps quoted text together without its quotes", () => {
    expect(shellWords("  jq  -r\t.params.arguments \n")).toEqual(["jq", "-r", ".params.arguments"]);
    expect(shellWords(`-e 'a "b" c' "d 'e' f" g"h i"j ''`)).toEqual(["-e", 'a "b" c', "d 'e' f", "gh ij", ""]);
  });

  it("takes the character after a backslash as it is, outside quotes and inside double quotes, not inside single ones", () => {
    expect(shellWords(String.raw`a\ b "c\"d\\e\n" 'f\g'`)).toEqual(["a b", 'c"d\\en', "f\\g"]);
  });

  it("expands nothing: variables, globs and commands stay text", () => {
    expect(shellWords("$HOME * $(whoami) `id` ;")).toEqual(["$HOME", "*", "$(whoami)", "`id`", ";"]);
  });

  it("drops a comment that starts a word, to the end of its line, and keeps a # inside a word", () => {
    expect(shellWords("a#b #c d\ne")).toEqual(["a#b", "e"]);
  });

  it("refuses a quote left open and a backslash at the end", () => {
    expect(() => shellWords(`a "b`)).toThrow(/ends inside a "…" quote/);
    expect(() => shellWords("a 'b")).toThrow(/ends inside a '…' quote/);
    expect(() => shellWords("a\\")).toThrow(/ends with a backslash that escapes nothing/);
  });
});
