import { layerCatalogs, parseCatalog } from "@mcpgw/catalog";
import { describe, expect, it } from "vitest";
import { imageServerNames, imageServerSpec, isImageLike } from "./image-server.js";
import { resolveServers } from "./resolve.js";

const DIGEST = `sha256:${"ab12".repeat(16)}`;

describe("isImageLike: a value no catalog has is an image when it holds /, : or @", () => {
  it.each(["mcp/everything", "busybox:latest", "docker.io/namespace/repository:latest", "registry:5000/a/b", `everything@${DIGEST}`, "Foo/Bar"])("%s is meant as an image", (value) => {
    expect(isImageLike(value)).toBe(true);
  });

  it.each(["everything", "github-official", "my.server_1", "busybox"])("%s is a server's name", (value) => {
    expect(isImageLike(value)).toBe(false);
  });
});

describe("imageServerNames", () => {
  it("names each image after its repository's last part, unique among the servers", () => {
    const names = imageServerNames(["mcpgw-test/everything:tag", "other/everything:1", "registry:5000/a/clock", `x/memory@${DIGEST}`, "mcpgw-test/everything:tag"], ["clock"]);
    expect([...names]).toEqual([
      ["mcpgw-test/everything:tag", "everything"],
      ["other/everything:1", "everything-2"],
      ["registry:5000/a/clock", "clock-2"],
      [`x/memory@${DIGEST}`, "memory"],
    ]);
  });
});

describe("imageServerSpec", () => {
  it("is a hardened container with nothing from any catalog, and says it came from the command line", () => {
    expect(imageServerSpec("everything", "mcp/everything:1")).toEqual({
      kind: "docker",
      name: "everything",
      source: { commandLine: "mcp/everything:1" },
      env: {},
      secretEnv: {},
      sharing: "shared",
      longLived: false,
      image: "mcp/everything:1",
      command: [],
      volumes: [],
      disableNetwork: false,
      allowHosts: [],
      extraHosts: [],
      limits: {},
      readOnlyRootfs: true,
    });
  });
});

describe("resolveServers with images among --servers", () => {
  const parsed = parseCatalog("registry:\n  everything:\n    image: mcp/everything:from-catalog\n  clock:\n    type: process\n    process: { command: clock }\n", "cat.yaml");
  if (!parsed.ok) throw new Error("the test catalog does not parse");
  const catalog = layerCatalogs([parsed.value]);
  const input = { catalog, config: {}, tools: {}, secrets: { resolve: async () => undefined }, serversFrom: "flag" as const };

  it("keeps catalog names, runs images as servers in the order given, and names them apart", async () => {
    const result = await resolveServers({ ...input, servers: ["clock", "mcpgw-test/everything:tag", "everything"] });
    expect(result.errors).toEqual([]);
    expect(result.specs.map((s) => [s.name, s.kind, s.kind === "docker" ? s.image : s.kind === "process" ? s.command : s.kind === "remote" ? s.url : s.name])).toEqual([
      ["clock", "process", "clock"],
      ["everything-2", "docker", "mcpgw-test/everything:tag"],
      ["everything", "docker", "mcp/everything:from-catalog"],
    ]);
    expect(result.specs[1]?.source).toEqual({ commandLine: "mcpgw-test/everything:tag" });
    expect(result.specs[1]?.tools).toBeUndefined();
  });

  it("reports a value that is neither a server nor an image reference, under the value given", async () => {
    const result = await resolveServers({ ...input, servers: ["Foo/Bar", "clock"] });
    expect(result.specs.map((s) => s.name)).toEqual(["clock"]);
    expect(result.errors.map((e) => [e.server, e.error.code, e.error.message])).toEqual([["Foo/Bar", "INVALID_ARGUMENT", '"Foo/Bar" is neither a server of the catalogs nor an image reference']]);
  });

  it("takes no image from the registry: its names are the catalogs' servers", async () => {
    const result = await resolveServers({ ...input, serversFrom: "registry", servers: ["mcp/x:1"] });
    expect(result.specs).toEqual([]);
    expect(result.errors[0]?.error.code).toBe("NOT_FOUND");
  });

  it("an unknown plain name close to no server suggests the image form", async () => {
    const [far, close] = await Promise.all([resolveServers({ ...input, servers: ["busybox"] }), resolveServers({ ...input, servers: ["clok"] })]);
    expect(far.errors[0]?.error.suggestion).toContain("busybox:latest");
    expect(close.errors[0]?.error.message).toContain('Did you mean "clock"?');
    expect(close.errors[0]?.error.suggestion).not.toContain(":latest");
  });
});
