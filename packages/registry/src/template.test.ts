import { describe, expect, it } from "vitest";
import { renderList, renderString, templatePaths } from "./template.js";

const data = { filesystem: { paths: ["/home/me/src", "/tmp/x"] }, github: { org: "acme", depth: 3 } };

describe("templates", () => {
  it("fills scalars and joins lists in strings", () => {
    expect(renderString("org={{github.org}} depth={{ github.depth }}", data)).toEqual({ value: "org=acme depth=3", missing: [] });
    expect(renderString("{{filesystem.paths}}", data).value).toBe("/home/me/src,/tmp/x");
  });

  it("expands a list into several items with volume and into", () => {
    expect(renderList(["{{filesystem.paths|volume|into}}"], data).value).toEqual(["/home/me/src:/home/me/src", "/tmp/x:/tmp/x"]);
    expect(renderList(["--root", "{{filesystem.paths|into}}"], data).value).toEqual(["--root", "/home/me/src", "/tmp/x"]);
  });

  it("reports missing values, drops empty items, and honours or:default", () => {
    const rendered = renderList(["--flag={{github.missing}}", "{{nothing.here}}", "{{github.level|or:info}}"], data);
    expect(rendered.value).toEqual(["--flag=", "info"]);
    expect(rendered.missing).toEqual(["github.missing", "nothing.here"]);
  });

  it("names an unknown pipe", () => {
    expect(() => renderString("{{github.org|shout}}", data)).toThrow(/unknown template pipe "shout"/);
  });

  it("lists the paths a text reads", () => {
    expect(templatePaths("{{a.b|volume}} and {{ c.d }}")).toEqual(["a.b", "c.d"]);
  });
});
