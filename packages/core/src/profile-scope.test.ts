import { describe, expect, it } from "vitest";
import { grant, intersectAccess, FULL_ACCESS, unionAccess } from "./access-policy.js";
import { scopeAccess } from "./profile-scope.js";

describe("scopeAccess", () => {
  const dev = scopeAccess({ servers: { github: { tools: ["get_*", "list_issues"] }, fetch: {} } });

  it("reaches a whole server, or the tools its patterns name, and nothing else", () => {
    expect(dev.tool("fetch", "fetch")).toBe(true);
    expect(dev.tool("github", "get_issue")).toBe(true);
    expect(dev.tool("github", "list_issues")).toBe(true);
    expect(dev.tool("github", "create_issue")).toBe(false);
    expect(dev.tool("slack", "post")).toBe(false);
    expect(dev.everything).toBe(false);
  });

  it("opens the prompts and resources of each of its servers, even one it takes only some tools of", () => {
    expect(dev.server("github")).toBe(true);
    expect(dev.server("fetch")).toBe(true);
    expect(dev.server("slack")).toBe(false);
    expect(dev.anyTool("slack")).toBe(false);
  });

  it("keys equal scopes alike, so that profiles with the same servers share what is computed", () => {
    const again = scopeAccess({ servers: { fetch: {}, github: { tools: ["list_issues", "get_*"] } } });
    expect(again.key).toBe(dev.key);
    expect(scopeAccess({ servers: { fetch: {} } }).key).not.toBe(dev.key);
  });
});

describe("intersectAccess", () => {
  it("allows what both allow", () => {
    const scope = scopeAccess({ servers: { github: {}, fetch: {} } });
    const policy = grant(["github:get_*", "slack:*"], ["github:get_secret"]);
    const both = intersectAccess(scope, policy);
    expect(both.tool("github", "get_issue")).toBe(true);
    expect(both.tool("github", "get_secret")).toBe(false);
    expect(both.tool("fetch", "fetch")).toBe(false);
    expect(both.tool("slack", "post")).toBe(false);
    expect(both.key).not.toBe(scope.key);
  });

  it("is the other access when one allows everything", () => {
    const scope = scopeAccess({ servers: { fetch: {} } });
    expect(intersectAccess(FULL_ACCESS, scope)).toBe(scope);
    expect(intersectAccess(scope, FULL_ACCESS)).toBe(scope);
  });
});

describe("unionAccess", () => {
  it("allows what either allows", () => {
    const both = unionAccess(scopeAccess({ servers: { clock: { tools: ["now"] } } }), grant(["notes:*"], []));
    expect(both.tool("clock", "now")).toBe(true);
    expect(both.tool("clock", "convert_time")).toBe(false);
    expect(both.tool("notes", "add_note")).toBe(true);
    expect(both.server("notes")).toBe(true);
    expect(both.anyTool("slack")).toBe(false);
    expect(unionAccess(FULL_ACCESS, both)).toBe(FULL_ACCESS);
  });
});
