import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { disableTools, enabledToolsFor, enableTools, loadToolsSelection } from "./tools-file.js";

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "mcpgw-tools-"));
  file = join(dir, "tools.yaml");
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const catalogTools = (server: string) => (server === "notes" ? ["add", "list", "delete"] : ["now"]);
const selection = async () => (await loadToolsSelection(file)).value;

describe("tools.yaml edits", () => {
  it("disabling a tool of a server with no entry writes the catalog's tools minus it", async () => {
    const edit = await disableTools(file, new Map([["notes", ["delete"]]]), catalogTools);
    expect(edit).toEqual({ changed: ["notes:delete"], unchanged: [] });
    expect(enabledToolsFor(await selection(), "notes")).toEqual(["add", "list"]);
    expect(enabledToolsFor(await selection(), "clock")).toBeUndefined();
  });

  it("enabling a tool of a server with no entry keeps all its tools, and writes nothing", async () => {
    const edit = await enableTools(file, new Map([["clock", ["now"]]]));
    expect(edit).toEqual({ changed: [], unchanged: ["clock:now"] });
    await expect(readFile(file, "utf8")).rejects.toThrow();
  });

  it("edits an explicit list in place, keeping comments and other servers", async () => {
    await writeFile(file, "# my selection\nnotes:\n  - add # the useful one\nclock: []\n");
    expect(await enableTools(file, new Map([["notes", ["list", "add"]], ["clock", ["now"]]]))).toEqual({
      changed: ["notes:list", "clock:now"],
      unchanged: ["notes:add"],
    });
    expect(await selection()).toEqual({ notes: ["add", "list"], clock: ["now"] });
    expect(await disableTools(file, new Map([["notes", ["list", "delete"]]]), catalogTools)).toEqual({
      changed: ["notes:list"],
      unchanged: ["notes:delete"],
    });
    expect(await selection()).toEqual({ notes: ["add"], clock: ["now"] });
    const text = await readFile(file, "utf8");
    expect(text).toContain("# my selection");
    expect(text).toContain("# the useful one");
  });

  it("leaves a file that does not parse untouched", async () => {
    await writeFile(file, "notes: [unclosed\n");
    await expect(disableTools(file, new Map([["notes", ["add"]]]), catalogTools)).rejects.toThrow(/tools\.yaml:\d+/);
    expect(await readFile(file, "utf8")).toBe("notes: [unclosed\n");
  });
});
