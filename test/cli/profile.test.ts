import { readFile, writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { TempHome } from "../support/cli.js";
import { DOCKER_CATALOG, repoFile, snapshotTree } from "../support/files.js";

/** A working set as `docker mcp profile export` writes it, pointing at servers of DOCKER_CATALOG and elsewhere. */
const DOCKER_PROFILE = repoFile("packages/registry/src/profiles/fixtures/docker-profile.yaml");

/** A home with the starter catalog (clock, notes, everything, memory, filesystem, …). */
async function starterHome(): Promise<TempHome> {
  const home = await TempHome.create();
  expect((await home.run(["catalog", "init", "--starter"])).code).toBe(0);
  return home;
}

describe("mcpgw profile", () => {
  it("creates, edits, shows, exports and removes a profile, keeping the file's comments", async () => {
    await using home = await starterHome();
    const created = await home.run(["profile", "create", "review", "--server", "notes", "--server", "clock"]);
    expect(created.code).toBe(0);
    expect(created.stdout).toContain("Created profile review with notes, clock.");
    const file = home.path("profiles", "review.yaml");
    await writeFile(file, `# reviewing\n${await readFile(file, "utf8")}toolBudget: 20 # small\n`);

    expect((await home.run(["profile", "server", "add", "review", "--server", "everything,notes"])).stdout).toBe(
      "Added everything to profile review.\nAlready in profile review: notes.\n",
    );
    const tools = await home.run(["profile", "tools", "review", "--disable", "notes:delete_*", "--enable", "clock:now"]);
    expect(tools.stdout).toBe("Disabled notes:delete_*.\nAlready enabled: clock:now.\n");
    expect((await home.run(["profile", "server", "rm", "review", "--server", "clock", "--server", "memory"])).stdout).toBe(
      "Removed clock from profile review.\nNot in profile review: memory.\n",
    );

    const text = await readFile(file, "utf8");
    expect(text).toContain("# reviewing");
    expect(text).toContain("# small");
    expect(parse(text)).toEqual({ servers: { notes: { tools: ["add_note", "list_notes", "get_note"] }, everything: {} }, toolBudget: 20 });

    const show = JSON.parse((await home.run(["profile", "show", "review", "--json"])).stdout);
    expect(show).toEqual({
      name: "review",
      file,
      servers: [
        { name: "notes", tools: ["add_note", "list_notes", "get_note"], config: {} },
        { name: "everything", tools: null, config: {} },
      ],
      toolBudget: 20,
    });
    const table = await home.run(["profile", "show", "review"]);
    expect(table.stdout).toMatch(/^SERVER\s+TOOLS\s+CONFIG\nnotes\s+add_note, list_notes, get_note\neverything\s+all\ntoolBudget: 20\n$/);
    expect(JSON.parse((await home.run(["profile", "ls", "--format", "json"])).stdout)).toEqual([
      { name: "review", file, valid: true, servers: ["notes", "everything"], toolBudget: 20 },
    ]);

    const exported = await home.run(["profile", "export", "review"]);
    expect(exported.stdout).toBe(text);
    expect((await home.run(["profile", "export", "review", home.path("review-copy.yaml")])).code).toBe(0);
    expect(await readFile(home.path("review-copy.yaml"), "utf8")).toBe(text);
    const imported = await home.run(["profile", "import", home.path("review-copy.yaml")]);
    expect(imported.stdout).toBe("Imported profile review-copy from mcpgw's profile format: notes, everything.\n");

    expect((await home.run(["profile", "rm", "review"])).stdout).toBe("Removed profile review.\n");
    expect(JSON.parse((await home.run(["profile", "ls", "--json"])).stdout).map((p: { name: string }) => p.name)).toEqual(["review-copy"]);
  });

  it("refuses bad names, unknown servers, profiles and tools, suggesting names, and changes nothing", async () => {
    await using home = await starterHome();
    await home.run(["profile", "create", "review", "--server", "notes"]);
    const before = await snapshotTree(home.root);
    const cases: [string[], number, string][] = [
      [["profile", "create", "my.profile"], 2, `"my.profile" cannot name a profile: use 1 to 64 letters, digits, '_' or '-'`],
      [["profile", "create", "x".repeat(65)], 2, "cannot name a profile"],
      [["profile", "create", "review"], 2, 'profile "review" already exists'],
      [["profile", "create", "dev", "--server", "nots"], 3, 'no server "nots" in the catalogs. Did you mean "notes"?'],
      [["profile", "server", "add", "reveiw", "--server", "clock"], 3, 'no profile "reveiw"'],
      [["profile", "show", "reveiw"], 3, 'Did you mean "review"?'],
      [["profile", "tools", "review", "--disable", "notes:delet_note"], 3, 'server "notes" has no tool "delet_note" in its catalog entry. Did you mean "delete_note" or "get_note"?'],
      [["profile", "tools", "review", "--enable", "clock:now"], 3, 'profile "review" has no server "clock".'],
      [["profile", "tools", "review", "--enable", "add_note"], 2, '"add_note" does not name one server'],
      [["profile", "tools", "review"], 2, "give --enable or --disable"],
      [["profile", "server", "add", "review"], 2, "Missing required flag server"],
      [["profile", "rm", "nothing"], 3, 'no profile "nothing"'],
    ];
    for (const [args, code, message] of cases) {
      const result = await home.run(args);
      expect({ args, code: result.code }).toEqual({ args, code });
      expect(result.stderr).toContain(message);
    }
    expect(await snapshotTree(home.root)).toEqual(before);
  });

  it("names the file, line and field of a broken profile and leaves it as it is", async () => {
    await using home = await starterHome();
    await home.run(["profile", "create", "review", "--server", "notes"]);
    const file = home.path("profiles", "review.yaml");
    await writeFile(file, "servers:\n  notes:\n    tools: [add_note, 'clock:now']\n");
    const show = await home.run(["profile", "show", "review"]);
    expect(show.code).toBe(4);
    expect(show.stderr).toContain(`${file}:3:23: servers.notes.tools[1]: "clock:now" names a server`);
    const edit = await home.run(["profile", "server", "add", "review", "--server", "clock"]);
    expect(edit.code).toBe(4);
    expect(await readFile(file, "utf8")).toBe("servers:\n  notes:\n    tools: [add_note, 'clock:now']\n");
    const ls = JSON.parse((await home.run(["profile", "ls", "--json"])).stdout);
    expect(ls).toEqual([{ name: "review", file, valid: false, errors: [expect.objectContaining({ file, line: 3, field: "servers.notes.tools[1]" })] }]);
  });

  it("imports Docker's profile export onto the catalogs, saying what does not map and why", async () => {
    await using home = await TempHome.create();
    await home.run(["catalog", "import", DOCKER_CATALOG]);
    const result = await home.run(["profile", "import", DOCKER_PROFILE]);
    expect(result.code).toBe(0);
    expect(result.stdout.split("\n")).toEqual([
      "Imported profile dev-tools from Docker's profile format: github-official, filesystem, notion-remote.",
      "  not imported: entry 4 (image mcp/duckduckgo@sha256:0c4a7b1e5f2d8c9b3a6e1f4d7c0b9a8e2d5f1c4b7a0e3d6c9f2b5a8e1d4c7b0a (duckduckgo)): no catalog server has image mcp/duckduckgo",
      "  not imported: entry 5 (registry https://registry.modelcontextprotocol.io/v0/servers/io.github.kubeshop%2Ftestkube-mcp/versions/1.2.0 (testkube-mcp)): no catalog server has image kubeshop/testkube-mcp (from its snapshot)",
      "  not imported: entry 6 (registry https://registry.modelcontextprotocol.io/v0/servers/71de5a2a-6cfb-4250-a196-f93080ecc860/versions/latest): an MCP Registry reference with no image in its snapshot: mcpgw's catalogs do not read the MCP Registry",
      "  note: secrets: Docker's secret store settings are not carried over; mcpgw reads secrets from its chain (`mcpgw secret set`, `--secrets`)",
      "",
    ]);
    expect(parse(await readFile(home.path("profiles", "dev-tools.yaml"), "utf8"))).toEqual({
      servers: {
        "github-official": { tools: ["get_me", "create_issue"], config: { toolsets: "repos,issues" } },
        filesystem: { tools: [] },
        "notion-remote": {},
      },
    });

    const again = JSON.parse((await home.run(["profile", "import", DOCKER_PROFILE, "--name", "dev_2", "--json"])).stdout);
    expect(again).toMatchObject({ profile: "dev_2", format: "docker", replaced: false, servers: ["github-official", "filesystem", "notion-remote"] });
    expect(again.unmapped.map((u: { entry: number }) => u.entry)).toEqual([4, 5, 6]);
    expect((await home.run(["profile", "import", DOCKER_PROFILE])).stdout).toMatch(/^Replaced profile dev-tools /);
  });

  it("imports nothing when no entry maps, or when an mcpgw profile names servers the catalogs lack", async () => {
    await using home = await starterHome();
    const before = await snapshotTree(home.root);
    const none = await home.run(["profile", "import", DOCKER_PROFILE]);
    expect(none.code).toBe(3);
    expect(none.stderr).toContain(`nothing in ${DOCKER_PROFILE} maps to a server of the catalogs:\nentry 1 (image ghcr.io/github/github-mcp-server:v0.24.0@sha256:`);
    await writeFile(home.path("mine.yaml"), "servers:\n  notes: {}\n  githb: {}\n");
    const unknown = await home.run(["profile", "import", home.path("mine.yaml")]);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain('no server "githb" in the catalogs.');
    await writeFile(home.path("docker.json"), JSON.stringify({ version: 3, id: "x", name: "x", servers: [] }));
    const wrong = await home.run(["profile", "import", home.path("docker.json")]);
    expect(wrong.code).toBe(4);
    expect(wrong.stderr).toContain("version: this reads version 1 of Docker's profile format");
    const snapshot = await snapshotTree(home.root);
    for (const extra of ["mine.yaml", "docker.json"]) delete snapshot[extra];
    expect(snapshot).toEqual(before);
  });
});
