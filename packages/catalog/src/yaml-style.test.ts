import { describe, expect, it } from "vitest";
import { detectYamlStyle } from "./yaml-style.js";

describe("detectYamlStyle", () => {
  it("reads the indentation, sequence indentation and flow padding a file uses", () => {
    expect(detectYamlStyle("registry:\n  a:\n    tools:\n      - name: x\n    command: [a, b]\n")).toEqual({
      indent: 2,
      indentSeq: true,
      flowCollectionPadding: false,
    });
    expect(detectYamlStyle("# c\nregistry:\n    a:\n        tools:\n        - name: x\n        env: { A: b }\n")).toEqual({
      indent: 4,
      indentSeq: false,
      flowCollectionPadding: true,
    });
  });

  it("is not misled by block scalars and comments", () => {
    const text = "registry:\n  # indented comment\n  a:\n    description: |\n          deep text\n    image: x\n";
    expect(detectYamlStyle(text).indent).toBe(2);
  });

  it("falls back to defaults where the file shows nothing", () => {
    const defaults = { indent: 2, indentSeq: true, flowCollectionPadding: false };
    expect(detectYamlStyle(undefined)).toEqual(defaults);
    expect(detectYamlStyle("registry: {}\n")).toEqual(defaults);
  });
});
