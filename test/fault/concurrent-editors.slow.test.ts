// Ten real `mcpgw` CLI processes edit one home at once — `config write`, `catalog import`,
// `server enable`, `server disable` — while a `--watch` gateway reloads and a reader parses the
// files over and over. No write is lost, no file is ever seen torn, none is left torn or locked,
// and the gateway ends up serving exactly what the files say.
import { readdir, readFile, writeFile } from "node:fs/promises";
import { parse, parseDocument } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliResult } from "../support/cli.js";
import { TempHome } from "../support/cli.js";
import { Cleanup, connectV1, listToolNames } from "../support/clients.js";
import type { GatewayProcess } from "../support/gateway.js";
import { startGateway } from "../support/gateway.js";
import { CLOCK_TOOLS, clockProcess } from "../support/servers.js";
import { eventually } from "../support/wait.js";
import { stopFaultGateway, writeFaultHome } from "./support/fault-home.js";
import { expectNoLeaks, record } from "./support/leak-check.js";

const EDITORS = 10;
/** Servers in the catalog from the start, all enabled; editors 0..2 disable initial-0..2. */
const INITIAL = ["initial-0", "initial-1", "initial-2", "initial-3", "initial-4"];
const DISABLERS = 3;
/** The config name every editor writes its own key under. */
const CONFIG_NAME = "initial-4";

type Yaml = Record<string, unknown> | null;

describe("ten CLI processes editing one home while a --watch gateway reloads", () => {
  let home: TempHome;
  let gateway: GatewayProcess;
  const results: { args: string[]; result: CliResult }[] = [];

  beforeAll(async () => {
    home = await TempHome.create();
    const secretArgs = await writeFaultHome(home, Object.fromEntries(INITIAL.map((name) => [name, clockProcess()])));
    for (let i = 0; i < EDITORS; i++) {
      await writeFile(home.path(`import-${i}.yaml`), JSON.stringify({ name: "e2e", registry: { [`imported-${i}`]: clockProcess({ title: `Imported ${i}` }) } }));
    }
    gateway = await startGateway(home, { args: [...secretArgs, "--watch", "--tool-prefix", "always"] });
  }, 90_000);

  afterAll(async () => {
    for (const { args, result } of results) record(`mcpgw ${args.join(" ")}`, `${result.stdout}\n${result.stderr}`);
    await stopFaultGateway(gateway, home);
    expectNoLeaks();
  }, 60_000);

  async function run(args: string[]): Promise<CliResult> {
    const result = await home.run(args, { timeoutMs: 60_000 });
    results.push({ args, result });
    return result;
  }

  /** What editor `i` does, in order: its own config key, its own catalog entry, enabling it, and for the first few, a disable. */
  async function edit(i: number): Promise<void> {
    const steps = [
      ["config", "write", JSON.stringify({ [CONFIG_NAME]: { [`editor${i}`]: `value-${i}` } })],
      ["catalog", "import", home.path(`import-${i}.yaml`), "--name", "e2e"],
      ["server", "enable", `imported-${i}`],
      ...(i < DISABLERS ? [["server", "disable", `initial-${i}`]] : []),
    ];
    for (const args of steps) {
      const result = await run(args);
      expect(result.code, `mcpgw ${args.join(" ")}\n${result.stderr}`).toBe(0);
    }
  }

  /** Parses one file as a reader would; fails on anything that is not whole YAML of the right shape. */
  async function readWhole(path: string, topKey?: string): Promise<Yaml> {
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch {
      return null; // not written yet
    }
    const document = parseDocument(text);
    expect(document.errors.map((e) => e.message), `${path} torn:\n${text}`).toEqual([]);
    const value = document.toJS() as Yaml;
    expect(typeof value, `${path} holds no map:\n${text}`).toBe("object");
    if (topKey !== undefined) expect(value, `${path} lost its ${topKey}:\n${text}`).toHaveProperty(topKey);
    return value;
  }

  it("loses no write, never shows a torn file, and the gateway serves the final state", async () => {
    const configFile = home.path("config.yaml");
    const registryFile = home.path("registry.yaml");
    const catalogFile = home.path("catalogs", "e2e.yaml");

    // The reader: parses the three files until the editors are done. What editors only add must never shrink.
    let editing = true;
    let reads = 0;
    const reader = (async () => {
      let configKeys = 0;
      let imported = 0;
      while (editing) {
        const [config, registry, catalog] = await Promise.all([readWhole(configFile), readWhole(registryFile, "registry"), readWhole(catalogFile, "registry")]);
        reads++;
        const keys = Object.keys((config?.[CONFIG_NAME] as Yaml) ?? {}).length;
        const entries = Object.keys((catalog?.registry as Yaml) ?? {}).filter((name) => name.startsWith("imported-")).length;
        expect(keys, "config keys seen shrinking: a lost update").toBeGreaterThanOrEqual(configKeys);
        expect(entries, "catalog entries seen shrinking: a lost update").toBeGreaterThanOrEqual(imported);
        expect(registry).not.toBeNull();
        [configKeys, imported] = [keys, entries];
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();

    try {
      await Promise.all(Array.from({ length: EDITORS }, (_, i) => edit(i)));
    } finally {
      editing = false;
      await reader;
    }
    expect(reads).toBeGreaterThan(EDITORS);

    // Every write landed.
    const config = parse(await readFile(configFile, "utf8")) as Record<string, Record<string, string>>;
    expect(config[CONFIG_NAME]).toEqual(Object.fromEntries(Array.from({ length: EDITORS }, (_, i) => [`editor${i}`, `value-${i}`])));
    const catalog = parse(await readFile(catalogFile, "utf8")) as { registry: Record<string, unknown> };
    expect(Object.keys(catalog.registry).sort()).toEqual([...INITIAL, ...Array.from({ length: EDITORS }, (_, i) => `imported-${i}`)].sort());
    const registry = parse(await readFile(registryFile, "utf8")) as { registry: Record<string, unknown> };
    const enabled = Object.keys(registry.registry).sort();
    expect(enabled).toEqual([...INITIAL.slice(DISABLERS), ...Array.from({ length: EDITORS }, (_, i) => `imported-${i}`)].sort());

    // Nothing left behind: no temporary files, no locks.
    const leftovers = [...(await readdir(home.root)), ...(await readdir(home.path("catalogs")))].filter((name) => /\.tmp$|\.lock$/.test(name));
    expect(leftovers).toEqual([]);

    // The gateway serves exactly what the files say.
    await using cleanup = new Cleanup();
    const { client } = await connectV1(gateway);
    cleanup.add(client);
    const expected = enabled.flatMap((server) => CLOCK_TOOLS.map((tool) => `${server}__${tool}`)).sort();
    let served: string[] = [];
    await eventually(async () => (served = (await listToolNames(client)).sort()).join() === expected.join(), `the gateway to serve the final state; it serves ${served.length} tools`, 30_000, 200);
    expect(gateway.stderr).toMatch(/configuration reloaded/);
  }, 120_000);
});
