import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatDiagnostic, GatewayError } from "@mcpgw/core";
import type { HomeLayout } from "@mcpgw/user-files";
import { resolveHome } from "@mcpgw/user-files";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { addProfileServers, createProfile, removeProfile, removeProfileServers, writeProfile } from "./profile-edits.js";
import { exportProfile, listProfiles, loadProfile } from "./profile-file.js";
import { isProfileName } from "./profile-name.js";
import { editProfileTools } from "./profile-tools.js";

let home: HomeLayout;
beforeEach(async () => {
  home = resolveHome({ MCPGW_HOME: await mkdtemp(join(tmpdir(), "mcpgw-profiles-")) });
});
afterEach(() => rm(home.root, { recursive: true, force: true }));

const KNOWN = ["github", "fetch", "notes", "clock"];
const file = (name: string) => join(home.profilesDir, `${name}.yaml`);
const write = async (name: string, text: string) => {
  await mkdir(home.profilesDir, { recursive: true });
  await writeFile(file(name), text);
};
const rejection = async (promise: Promise<unknown>): Promise<GatewayError> => {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(GatewayError);
  return error as GatewayError;
};

const COMMENTED = `# the review profile
servers:
  # GitHub, read-only
  github:
    tools: [get_pull_request, "list_*"] # the patterns
    config:
      owner: me # mine
  fetch: {}
dynamicTools: true # on
toolBudget: 40
`;

describe("the profile file", () => {
  it("reads servers, tools, config and the profile's defaults", async () => {
    await write("review", COMMENTED);
    const profile = await loadProfile(home, "review");
    expect(profile).toEqual({
      name: "review",
      file: file("review"),
      servers: { github: { tools: ["get_pull_request", "list_*"], config: { owner: "me" } }, fetch: {} },
      dynamicTools: true,
      toolBudget: 40,
      warnings: [],
    });
  });

  it("reads a bare server entry as every tool, and warns about unknown fields with their line", async () => {
    await write("p", "servers:\n  fetch:\n  github:\n    tool: [x]\ncolour: blue\n");
    const profile = await loadProfile(home, "p");
    expect(profile.servers).toEqual({ fetch: {}, github: {} });
    expect(profile.warnings.map(formatDiagnostic)).toEqual([
      `${file("p")}:4:5: warning: servers.github.tool: unknown field "tool" (kept as is)`,
      `${file("p")}:5:1: warning: colour: unknown field "colour" (kept as is)`,
    ]);
  });

  it("names file, line and field of a bad entry", async () => {
    await write("p", "servers:\n  github:\n    tools: [ok, 'notes:add']\ntoolBudget: 3\n");
    const error = await rejection(loadProfile(home, "p"));
    expect(error.code).toBe("CONFIG_INVALID");
    expect(error.message).toContain(`${file("p")}:3:17: servers.github.tools[1]: "notes:add" names a server`);
    expect(error.message).toContain(`${file("p")}:4:1: toolBudget: a tool budget is at least 4: the gateway's own four tools count`);
  });

  it("says which profile is missing and the closest names", async () => {
    await write("review", "servers: {}\n");
    const error = await rejection(loadProfile(home, "reveiw"));
    expect(error.code).toBe("NOT_FOUND");
    expect(error.message).toBe(`no profile "reveiw" in ${home.profilesDir}. Did you mean "review"?`);
  });

  it("lists every profile in name order, broken ones with their diagnostics", async () => {
    await write("b", "servers: {fetch: {}}\n");
    await write("a", "servers: [\n");
    await write(".hidden", "servers: {}\n");
    await writeFile(join(home.profilesDir, "not a profile.yaml"), "servers: {}\n");
    const listings = await listProfiles(home);
    expect(listings.map((l) => [l.name, l.ok])).toEqual([
      ["a", false],
      ["b", true],
    ]);
    expect(listings[0]!.ok ? [] : listings[0]!.errors[0]!.file).toBe(file("a"));
    expect(await listProfiles(resolveHome({ MCPGW_HOME: join(home.root, "none") }))).toEqual([]);
  });

  it("takes names of 1 to 64 letters, digits, _ and -, the path segments of /mcp/NAME", async () => {
    for (const good of ["review", "A_b-9", "x".repeat(64)]) expect(isProfileName(good)).toBe(true);
    for (const bad of ["", "x".repeat(65), "a.b", "a/b", "../x", "a b", "é"]) {
      expect(isProfileName(bad)).toBe(false);
      const error = await rejection(createProfile(home, bad, [], KNOWN));
      expect(error.code).toBe("INVALID_ARGUMENT");
      expect(error.message).toContain("cannot name a profile: use 1 to 64 letters, digits, '_' or '-'");
    }
    await expect(loadProfile(home, "../registry")).rejects.toThrow(/cannot name a profile/);
  });

  it("exports the file exactly, and refuses a broken one", async () => {
    await write("review", COMMENTED);
    expect(await exportProfile(home, "review")).toBe(COMMENTED);
    await write("broken", "servers: [\n");
    expect((await rejection(exportProfile(home, "broken"))).code).toBe("YAML_SYNTAX");
  });
});

describe("profile edits", () => {
  it("creates a profile of catalog servers, and refuses a second of the same name", async () => {
    await createProfile(home, "dev", ["github", "fetch", "github"], KNOWN);
    expect(parse(await readFile(file("dev"), "utf8"))).toEqual({ servers: { github: {}, fetch: {} } });
    const again = await rejection(createProfile(home, "dev", [], KNOWN));
    expect(again.code).toBe("INVALID_ARGUMENT");
    expect(again.message).toContain('profile "dev" already exists');
    await createProfile(home, "empty", [], KNOWN);
    expect((await loadProfile(home, "empty")).servers).toEqual({});
  });

  it("refuses servers the catalogs do not have, suggesting names, and writes nothing", async () => {
    const error = await rejection(createProfile(home, "dev", ["githb", "fetch"], KNOWN));
    expect(error.code).toBe("NOT_FOUND");
    expect(error.message).toBe('no server "githb" in the catalogs. Did you mean "github"?');
    expect(await listProfiles(home)).toEqual([]);
    await write("review", COMMENTED);
    await expect(addProfileServers(home, "review", ["notes", "clck"], KNOWN)).rejects.toThrow('no server "clck" in the catalogs. Did you mean "clock"?');
    expect(await readFile(file("review"), "utf8")).toBe(COMMENTED);
  });

  it("keeps comments and other entries through every edit", async () => {
    await write("review", COMMENTED);
    expect(await addProfileServers(home, "review", ["notes", "fetch"], KNOWN)).toEqual({ added: ["notes"], already: ["fetch"] });
    expect(await removeProfileServers(home, "review", ["fetch", "clock"])).toEqual({ removed: ["fetch"], notInProfile: ["clock"] });
    expect(await editProfileTools(home, "review", { enable: ["github:get_file"], disable: ["notes:delete_*"] }, catalogTools)).toEqual({
      changed: ["notes:delete_*", "github:get_file"],
      unchanged: [],
    });
    const text = await readFile(file("review"), "utf8");
    for (const comment of ["# the review profile", "# GitHub, read-only", "# the patterns", "# mine", "# on"]) expect(text).toContain(comment);
    expect(parse(text)).toEqual({
      servers: {
        github: { tools: ["get_pull_request", "list_*", "get_file"], config: { owner: "me" } },
        notes: { tools: ["add_note", "list_notes"] },
      },
      dynamicTools: true,
      toolBudget: 40,
    });
    await writeProfile(home, "review", { servers: { clock: { tools: ["now"] } } }, KNOWN);
    const replaced = await readFile(file("review"), "utf8");
    expect(replaced).toContain("# the review profile");
    expect(parse(replaced)).toEqual({ servers: { clock: { tools: ["now"] } } });
  });

  it("leaves a broken file untouched and names its line", async () => {
    const broken = "servers:\n  github: {tools: [a\n";
    await write("p", broken);
    // Each started only once the one before has failed: none may reject unobserved.
    const edits = [
      () => addProfileServers(home, "p", ["fetch"], KNOWN),
      () => removeProfileServers(home, "p", ["github"]),
      () => editProfileTools(home, "p", { disable: ["github:a"] }, catalogTools),
      () => writeProfile(home, "p", { servers: {} }, KNOWN),
    ];
    for (const edit of edits) {
      const error = await rejection(edit());
      expect(error.code).toBe("YAML_SYNTAX");
      expect(error.message).toMatch(new RegExp(`^${file("p")}:\\d+:\\d+: `));
    }
    expect(await readFile(file("p"), "utf8")).toBe(broken);
  });

  it("edits only a profile that exists, and removes one", async () => {
    await write("review", COMMENTED);
    expect((await rejection(addProfileServers(home, "reviews", ["fetch"], KNOWN))).message).toContain('Did you mean "review"?');
    expect((await rejection(editProfileTools(home, "x", { enable: ["fetch:a"] }, catalogTools))).code).toBe("NOT_FOUND");
    await removeProfile(home, "review");
    expect(await listProfiles(home)).toEqual([]);
    expect((await rejection(removeProfile(home, "review"))).code).toBe("NOT_FOUND");
  });
});

function catalogTools(server: string): string[] {
  return server === "notes" ? ["add_note", "list_notes", "delete_note", "delete_all"] : [];
}
