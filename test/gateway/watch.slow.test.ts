// Scenario 4: `mcpgw server enable` (the real CLI, same MCPGW_HOME) while a `--watch` gateway
// runs: connected clients of both eras hear tools/list_changed and then see the new tools.
import { ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TempHome } from "../support/cli.js";
import { Cleanup, connectV1, connectV2Modern, listToolNames, textOf } from "../support/clients.js";
import type { GatewayProcess } from "../support/gateway.js";
import { startGateway } from "../support/gateway.js";
import { CLOCK_TOOLS, clockProcess, everythingProcess, writeHome } from "../support/servers.js";
import { eventually, within } from "../support/wait.js";

describe("a --watch gateway when the registry changes", () => {
  let home: TempHome;
  let gateway: GatewayProcess;

  beforeAll(async () => {
    home = await TempHome.create();
    await writeHome(home, { everything: everythingProcess(), clock: clockProcess() }, ["everything"]);
    gateway = await startGateway(home, { args: ["--watch"] });
  }, 120_000);

  afterAll(async () => {
    await gateway?.stop();
    await home?.[Symbol.asyncDispose]();
  }, 60_000);

  it("tells connected clients when `mcpgw server enable clock` and `server disable clock` run", async () => {
    await using cleanup = new Cleanup();
    const v1 = await connectV1(gateway);
    cleanup.add(v1.client);
    const before = await listToolNames(v1.client);
    expect(before).toContain("echo");
    expect(before).not.toContain("now");
    let v1Changes = 0;
    v1.client.setNotificationHandler(ToolListChangedNotificationSchema, () => void v1Changes++);
    // list_changed reaches a 2025-11-25 session on its GET stream: wait until it is open.
    await within(v1.standaloneStream, "the v1 client's GET stream to open");

    // A 2026-07-28 client hears it on its subscriptions/listen stream.
    const v2 = cleanup.add(await connectV2Modern(gateway));
    let v2Changes = 0;
    v2.setNotificationHandler("notifications/tools/list_changed", () => void v2Changes++);
    const subscription = await v2.listen({ toolsListChanged: true });
    cleanup.add(subscription);
    expect(subscription.honoredFilter).toMatchObject({ toolsListChanged: true });

    const enabled = await home.run(["server", "enable", "clock"]);
    expect(enabled.code, enabled.stderr).toBe(0);
    expect(enabled.stdout).toContain("Enabled clock.");
    await eventually(() => v1Changes > 0, "tools/list_changed on the v1 session");
    await eventually(() => v2Changes > 0, "tools/list_changed on the v2 subscription");

    const after = await listToolNames(v1.client);
    expect(after.sort()).toEqual([...before, ...CLOCK_TOOLS].sort());
    expect(await listToolNames(v2)).toEqual(expect.arrayContaining(CLOCK_TOOLS));
    expect(JSON.parse(textOf(await v1.client.callTool({ name: "now", arguments: { timezone: "UTC" } })))).toMatchObject({ timezone: "UTC" });
    expect(gateway.stderr).toMatch(/configuration reloaded servers=everything,clock/);

    const [v1Seen, v2Seen] = [v1Changes, v2Changes];
    const disabled = await home.run(["server", "disable", "clock"]);
    expect(disabled.code, disabled.stderr).toBe(0);
    await eventually(() => v1Changes > v1Seen && v2Changes > v2Seen, "tools/list_changed after disable on both clients");
    expect((await listToolNames(v1.client)).sort()).toEqual([...before].sort());
    await expect(v1.client.callTool({ name: "now", arguments: { timezone: "UTC" } })).rejects.toThrow(/unknown tool: now/);
  }, 120_000);
});
