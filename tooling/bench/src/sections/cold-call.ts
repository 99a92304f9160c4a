// Section 4: the first call on a container server that is not running, through the gateway,
// against the floor: the same image started bare through dockerode, initialized and called.
import { ensureTestImage } from "@mcpgw/test-images";
import { createHome, ECHO_TOOL, everythingContainer, writeHomeCatalog } from "../catalog.js";
import type { BenchConfig } from "../config.js";
import type { BareRun } from "../docker.js";
import { bareContainerRun, managedContainersOf, removeContainersOf } from "../docker.js";
import { checkEcho, ECHO_CALL } from "../echo-call.js";
import { startStdioGateway, stopStdioGateway } from "../gateways.js";
import { PATIENCE_MS, within } from "../processes.js";
import { median, since } from "../stats.js";

/** One cold call through the gateway. */
export interface GatewayColdCall {
  /** tools/call sent → answered, with the server not running before, ms. */
  coldMs: number;
  /** The next call on the now running server, ms. */
  warmMs: number;
  containersBefore: number;
  containersAfter: number;
}

export interface ColdCallResult {
  runs: GatewayColdCall[];
  floors: BareRun[];
  /** Medians over the runs. */
  coldMs: number;
  warmMs: number;
  floorMs: number;
  /** coldMs − floorMs. */
  overheadMs: number;
}

export async function runColdCall(config: BenchConfig): Promise<ColdCallResult> {
  const image = await ensureTestImage("everything");
  const runs: GatewayColdCall[] = [];
  const floors: BareRun[] = [];
  for (let i = 0; i < config.coldCall.repeats; i++) {
    runs.push(await gatewayColdCall(image));
    floors.push(await within(bareContainerRun(image, "echo"), "the bare container"));
  }
  const coldMs = median(runs.map((r) => r.coldMs));
  const floorMs = median(floors.map((f) => f.totalMs));
  return { runs, floors, coldMs, warmMs: median(runs.map((r) => r.warmMs)), floorMs, overheadMs: coldMs - floorMs };
}

async function gatewayColdCall(image: string): Promise<GatewayColdCall> {
  const home = await createHome("cold");
  try {
    // `tools:` in the catalog: listing needs no container, so the call is the first start.
    await writeHomeCatalog(home, { everything: everythingContainer(image, { tools: [ECHO_TOOL] }) });
    const { program, client } = startStdioGateway(home, []);
    try {
      await within(client.initialize(), "the gateway to answer initialize");
      const tools = await within(client.listTools(), "tools/list");
      if (!tools.some((t) => t.name === "echo")) throw new Error(`no echo tool in ${JSON.stringify(tools.map((t) => t.name))}`);
      const containersBefore = (await managedContainersOf(program.pid)).length;
      const t0 = performance.now();
      checkEcho(await within(client.call("tools/call", ECHO_CALL), "the cold call"));
      const coldMs = since(t0);
      const t1 = performance.now();
      checkEcho(await within(client.call("tools/call", ECHO_CALL), "the warm call"));
      const warmMs = since(t1);
      const containersAfter = (await managedContainersOf(program.pid)).length;
      return { coldMs, warmMs, containersBefore, containersAfter };
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${program.stderr().slice(-2_000)}`, { cause: error });
    } finally {
      await stopStdioGateway(program, PATIENCE_MS);
      await removeContainersOf(program.pid);
    }
  } finally {
    await home.dispose();
  }
}
