import { describe, expect, it } from "vitest";
import { renderToolArguments } from "./argument-templates.js";

describe("renderToolArguments", () => {
  it("hands a list argument to the entrypoint as separate items", () => {
    expect(renderToolArguments(["{{args|into}}"], { args: ["run", "-d", "nginx"] })).toEqual(["run", "-d", "nginx"]);
    expect(renderToolArguments(["--", "{{args}}"], { args: ["a b", "c"] })).toEqual(["--", "a b", "c"]);
  });

  it("keeps a value with spaces or shell characters as one item: nothing is split or interpreted", () => {
    expect(renderToolArguments(["{{url}}"], { url: "http://x/?a=1; rm -rf /" })).toEqual(["http://x/?a=1; rm -rf /"]);
  });

  it("fills terms inside text, dotted paths, numbers, booleans and objects", () => {
    expect(renderToolArguments(["--name={{container.name}}", "{{count}}", "{{on}}", "{{opts}}"], { container: { name: "web" }, count: 3, on: true, opts: { a: 1 } })).toEqual([
      "--name=web",
      "3",
      "true",
      '{"a":1}',
    ]);
  });

  it("drops an item whose argument is missing, and leaves a missing term inside text empty", () => {
    expect(renderToolArguments(["ls", "{{path}}", "-x{{flag}}"], {})).toEqual(["ls", "-x"]);
    expect(renderToolArguments(["{{args|into}}"], { args: [] })).toEqual([]);
  });

  it("applies first, last and or: filters", () => {
    expect(renderToolArguments(["{{xs|first}}", "{{xs|last}}", "{{missing|or:default}}", "{{given|or:default}}"], { xs: ["a", "b", "c"], given: "g" })).toEqual([
      "a",
      "c",
      "default",
      "g",
    ]);
  });

  it("never reads inherited properties of the arguments", () => {
    expect(renderToolArguments(["{{constructor}}", "{{__proto__.x}}"], {})).toEqual([]);
  });

  it("refuses an unknown filter, naming it", () => {
    expect(() => renderToolArguments(["{{a|shell}}"], { a: "x" })).toThrow(/unknown filter "shell"/);
  });
});
