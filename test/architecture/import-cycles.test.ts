// No package's files import each other in a circle: a cycle (of types too) makes two files one
// thing that cannot be read, tested or moved alone.
import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { importCycles } from "@mcpgw/tooling/testing";
import { describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const sources = ["packages", "apps", "tooling"].flatMap((group) =>
  readdirSync(join(root, group))
    .map((name) => `${group}/${name}/src`)
    .filter((src) => existsSync(join(root, src))),
);

describe("import cycles", () => {
  it("finds the workspace's packages", () => {
    expect(sources).toEqual(expect.arrayContaining(["packages/router/src", "packages/gateway/src", "packages/transports/src", "apps/cli/src"]));
  });

  it.each(sources)("%s has none", (src) => {
    expect(importCycles(join(root, src))).toEqual([]);
  });
});
