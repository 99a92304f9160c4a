import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { HomeLayout } from "@mcpgw/user-files";
import { resolveHome } from "@mcpgw/user-files";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadProfile } from "./profile-file.js";
import { disableIn, editProfileTools, enableIn } from "./profile-tools.js";

let home: HomeLayout;
beforeEach(async () => {
  home = resolveHome({ MCPGW_HOME: await mkdtemp(join(tmpdir(), "mcpgw-profile-tools-")) });
  await mkdir(home.profilesDir, { recursive: true });
});
afterEach(() => rm(home.root, { recursive: true, force: true }));

const GITHUB = ["get_me", "get_pull_request", "list_issues", "list_repos", "create_issue"];
const catalogTools = (server: string) => (server === "github" ? GITHUB : []);
const path = () => join(home.profilesDir, "p.yaml");
const profile = async (text: string) => writeFile(path(), text);
const toolsOf = async (server: string) => (await loadProfile(home, "p")).servers[server]?.tools;

describe("profile tools", () => {
  it("disabling a tool of a server with every tool writes its catalog tools minus it; enabling one changes nothing", async () => {
    await profile("servers:\n  github: {}\n");
    expect(await editProfileTools(home, "p", { enable: ["github:get_me"] }, catalogTools)).toEqual({ changed: [], unchanged: ["github:get_me"] });
    expect(await editProfileTools(home, "p", { disable: ["github:create_*"] }, catalogTools)).toEqual({ changed: ["github:create_*"], unchanged: [] });
    expect(await toolsOf("github")).toEqual(["get_me", "get_pull_request", "list_issues", "list_repos"]);
    expect(await editProfileTools(home, "p", { disable: ["github:create_issue"] }, catalogTools)).toEqual({ changed: [], unchanged: ["github:create_issue"] });
  });

  it("disables first, so `--disable s:* --enable s:t` keeps only t; `s:*` enables every tool again", async () => {
    await profile("servers:\n  github:\n");
    await editProfileTools(home, "p", { enable: ["github:get_me", "github:list_*"], disable: ["github:*"] }, catalogTools);
    expect(await toolsOf("github")).toEqual(["get_me", "list_*"]);
    await editProfileTools(home, "p", { enable: ["github:*"] }, catalogTools);
    expect(await toolsOf("github")).toBeUndefined();
    expect(parse(await readFile(path(), "utf8"))).toEqual({ servers: { github: {} } });
  });

  it("spells out a pattern that covers a disabled tool, and keeps what it does not cover", async () => {
    await profile("servers:\n  github:\n    tools:\n      - get_me # who am I\n      - list_*\n");
    await editProfileTools(home, "p", { disable: ["github:list_repos"], enable: ["github:list_issues"] }, catalogTools);
    expect(await toolsOf("github")).toEqual(["get_me", "list_issues"]);
    expect(await readFile(path(), "utf8")).toContain("get_me # who am I");
  });

  it("refuses a server not in the profile, a tool not in the catalog, and a pattern with no server; writes nothing", async () => {
    const text = "servers:\n  github: {}\n  fetch: {}\n";
    await profile(text);
    await expect(editProfileTools(home, "p", { disable: ["githb:get_me", "github:get_mee", "github:nothing_*"] }, catalogTools)).rejects.toThrow(
      [
        'profile "p" has no server "githb". Did you mean "github"?',
        'server "github" has no tool "get_mee" in its catalog entry. Did you mean "get_me"?',
        'no tool of "github" matches "nothing_*" in its catalog entry.',
      ].join("\n"),
    );
    await expect(editProfileTools(home, "p", { enable: ["get_me"] }, catalogTools)).rejects.toThrow('"get_me" does not name one server');
    await expect(editProfileTools(home, "p", { enable: ["*:get_me"] }, catalogTools)).rejects.toThrow("does not name one server");
    await expect(editProfileTools(home, "p", { enable: ["github:"] }, catalogTools)).rejects.toThrow("has an empty part");
    expect(await readFile(path(), "utf8")).toBe(text);
  });

  it("narrows a server whose catalog lists no tools from s:* only", async () => {
    await profile("servers:\n  fetch: {}\n");
    await expect(editProfileTools(home, "p", { disable: ["fetch:fetch_url"] }, catalogTools)).rejects.toThrow(
      'cannot tell which tools of "fetch" stay once "fetch_url" is disabled: its catalog entry lists no tools',
    );
    await editProfileTools(home, "p", { disable: ["fetch:*"], enable: ["fetch:fetch_url"] }, catalogTools);
    expect(await toolsOf("fetch")).toEqual(["fetch_url"]);
  });
});

describe("the list arithmetic", () => {
  it("removes names a pattern matches, and patterns equal to one", () => {
    expect(disableIn(["get_me", "list_issues", "list_*"], "list_*", GITHUB, "github")).toEqual({ list: ["get_me"], changed: true });
    expect(disableIn(["get_*"], "list_*", GITHUB, "github")).toEqual({ list: ["get_*"], changed: false });
    expect(disableIn(undefined, "*", [], "fetch")).toEqual({ list: [], changed: true });
    expect(disableIn([], "*", [], "fetch")).toEqual({ list: [], changed: false });
  });

  it("adds what no entry covers", () => {
    expect(enableIn(["list_*"], "list_repos")).toEqual({ list: ["list_*"], changed: false });
    expect(enableIn(["list_*"], "get_*")).toEqual({ list: ["list_*", "get_*"], changed: true });
    expect(enableIn(undefined, "get_me")).toEqual({ list: undefined, changed: false });
  });
});
