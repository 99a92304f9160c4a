import { describe, expect, it } from "vitest";
import { z } from "zod";
import { formatDiagnostic } from "@mcpgw/core";
import { parseUserYaml } from "./yaml-document.js";

const Schema = z.looseObject({
  registry: z.record(
    z.string(),
    z.looseObject({
      image: z.string(),
      tools: z.array(z.looseObject({ name: z.string() })).optional(),
      metadata: z.object({}).catchall(z.any()).optional(),
    }),
  ),
});

describe("parseUserYaml", () => {
  it("reads a valid file and keeps unknown fields, warning about each with its line", () => {
    const text = "registry:\n  github:\n    image: mcp/github\n    colour: blue\n    metadata: { anything: 1 }\n";
    const parsed = parseUserYaml(text, "cat.yaml", Schema, { empty: { registry: {} } });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.value.registry.github).toMatchObject({ image: "mcp/github", colour: "blue" });
    expect(parsed.warnings.map(formatDiagnostic)).toEqual([
      'cat.yaml:4:5: warning: registry.github.colour: unknown field "colour" (kept as is)',
    ]);
  });

  it("names the line and column of a syntax error", () => {
    const parsed = parseUserYaml("registry:\n  a: [1, 2\n  b: 3\n", "bad.yaml", Schema, { empty: { registry: {} } });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors[0]).toMatchObject({ file: "bad.yaml", line: expect.any(Number), column: expect.any(Number) });
    expect(formatDiagnostic(parsed.errors[0]!)).toMatch(/^bad\.yaml:\d+:\d+: /);
  });

  it("rejects duplicate keys", () => {
    const parsed = parseUserYaml("registry:\n  a: {image: x}\n  a: {image: y}\n", "dup.yaml", Schema, { empty: { registry: {} } });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors[0]?.line).toBe(3);
  });

  it("names the field path and line of a schema error", () => {
    const text = "registry:\n  github:\n    image: mcp/github\n    tools:\n      - name: 42\n";
    const parsed = parseUserYaml(text, "cat.yaml", Schema, { empty: { registry: {} } });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0]).toMatchObject({ field: "registry.github.tools[0].name", line: 5 });
  });

  it("places a missing field at its parent", () => {
    const parsed = parseUserYaml("registry:\n  github:\n    title: x\n", "cat.yaml", Schema, { empty: { registry: {} } });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors[0]).toMatchObject({ field: "registry.github.image", line: 2 });
  });

  it("gives the empty value for an empty or comment-only file", () => {
    const parsed = parseUserYaml("# nothing yet\n", "r.yaml", Schema, { empty: { registry: {} } });
    expect(parsed.ok && parsed.value.value).toEqual({ registry: {} });
  });
});
