// The access policy end to end: a real `mcpgw gateway run --transport streaming` with a policy
// file whose named tokens resolve from a `.env` file (`--secrets`), and real SDK clients of both
// lines, each holding one token, seeing and calling different tools.
import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TempHome } from "../support/cli.js";
import type { GatewayEndpoint } from "../support/clients.js";
import { Cleanup, connectV1, connectV2Modern, failure, listToolNames, textOf } from "../support/clients.js";
import type { GatewayProcess } from "../support/gateway.js";
import { startGateway } from "../support/gateway.js";
import { CLOCK_TOOLS, clockProcess, everythingProcess, writeHome } from "../support/servers.js";
import { eventually, within } from "../support/wait.js";

const CI_BOT = randomBytes(24).toString("hex");
const ADMIN = randomBytes(24).toString("hex");
const OWNER = randomBytes(24).toString("hex");

const POLICY = `# e2e
tokens:
  ci-bot:
    secret: tokens.ci-bot
    scopes: [tools:read]
  admin:
    secret: tokens.admin
    scopes: [mcp:admin]
  ghost:
    secret: tokens.ghost
rules:
  - subjects: [ci-bot]
    allow: ["clock:*"]
  - scopes: [mcp:admin]
    allow: ["*"]
    deny: ["clock:now", "everything:get-*"]
default: deny
`;

const as = (gateway: GatewayProcess, token: string): GatewayEndpoint => ({ url: gateway.url, headers: { Authorization: `Bearer ${token}` } });

describe("a gateway with an access policy", () => {
  let home: TempHome;
  let gateway: GatewayProcess;
  const policyFile = () => home.path("team-policy.yaml");

  beforeAll(async () => {
    home = await TempHome.create();
    await writeHome(home, { everything: everythingProcess(), clock: clockProcess() });
    // The .env keys are the secrets' names normalised, as users write them.
    await writeFile(home.path("tokens.env"), `TOKENS_CI_BOT=${CI_BOT}\nTOKENS_ADMIN=${ADMIN}\n`);
    await writeFile(policyFile(), POLICY);
    gateway = await startGateway(home, {
      args: ["--policy", policyFile(), "--secrets", home.path("tokens.env"), "--watch"],
      env: { MCPGW_AUTH_TOKEN: OWNER },
    });
  }, 120_000);

  afterAll(async () => {
    await gateway?.stop();
    await home?.[Symbol.asyncDispose]();
  }, 60_000);

  it("shows each token's holder only its tools, and refuses the others as unknown", async () => {
    await using cleanup = new Cleanup();
    const bot = cleanup.add((await connectV1(as(gateway, CI_BOT), {}, "ci-bot")).client);
    const admin = cleanup.add(await connectV2Modern(as(gateway, ADMIN)));
    const owner = cleanup.add((await connectV1(as(gateway, OWNER))).client);

    expect((await listToolNames(bot)).sort()).toEqual([...CLOCK_TOOLS].sort());
    const adminTools = await listToolNames(admin);
    expect(adminTools).toEqual(expect.arrayContaining(["echo", ...CLOCK_TOOLS.filter((t) => t !== "now")]));
    expect(adminTools).not.toContain("now");
    expect(adminTools.filter((t) => t.startsWith("get-"))).toEqual([]);
    const ownerTools = await listToolNames(owner);
    expect(ownerTools).toEqual(expect.arrayContaining(["echo", "get-sum", ...CLOCK_TOOLS]));

    expect(JSON.parse(textOf(await bot.callTool({ name: "now", arguments: { timezone: "UTC" } })))).toMatchObject({ timezone: "UTC" });
    expect(textOf(await admin.callTool({ name: "echo", arguments: { message: "from the admin" } }))).toContain("from the admin");

    const hidden = await failure(bot.callTool({ name: "echo", arguments: { message: "x" } }));
    const unknown = await failure(bot.callTool({ name: "no-such-tool", arguments: { message: "x" } }));
    expect(hidden.code).toBe(unknown.code);
    expect(hidden.message.replace("echo", "NAME")).toBe(unknown.message.replace("no-such-tool", "NAME"));
    const adminHidden = await failure(admin.callTool({ name: "now", arguments: { timezone: "UTC" } }));
    expect(adminHidden.message).toMatch(/unknown tool: now/);

    // The call log names each caller; no static token's value appears anywhere in the output.
    await eventually(() => /subject=ci-bot/.test(gateway.stderr) && /subject=admin/.test(gateway.stderr), "the call log to name both callers");
    for (const value of [CI_BOT, ADMIN]) expect(gateway.stdout + gateway.stderr).not.toContain(value);
  });

  it("disables a token whose secret has no value, naming the token and the secret", () => {
    expect(gateway.stderr).toMatch(/token "ghost" is disabled: its secret tokens\.ghost has no usable value \(no provider of the secret chain has it\)/);
    expect(gateway.stderr).toMatch(/access policy .*team-policy\.yaml: 2 rules, default deny; tokens enabled: ci-bot, admin; disabled: ghost/);
  });

  it("applies an edited policy to an open session, which hears list_changed", async () => {
    await using cleanup = new Cleanup();
    const bot = await connectV1(as(gateway, CI_BOT), {}, "ci-bot");
    cleanup.add(bot.client);
    let changes = 0;
    bot.client.setNotificationHandler(ToolListChangedNotificationSchema, () => void changes++);
    await within(bot.standaloneStream, "the client's GET stream to open");
    expect(await listToolNames(bot.client)).not.toContain("echo");

    const original = await readFile(policyFile(), "utf8");
    cleanup.defer(() => writeFile(policyFile(), original));
    await writeFile(policyFile(), original.replace('allow: ["clock:*"]', 'allow: ["clock:*", "everything:echo"]'));
    await eventually(() => changes > 0, "tools/list_changed after the policy edit");
    expect(await listToolNames(bot.client)).toContain("echo");
    expect(textOf(await bot.client.callTool({ name: "echo", arguments: { message: "now allowed" } }))).toContain("now allowed");
  });
});

describe("gateway run --dry-run with a policy", () => {
  it("reports the rules and which tokens are enabled, from MCPGW_HOME/policy.yaml", async () => {
    await using home = await TempHome.create();
    await writeHome(home, { clock: clockProcess() });
    await writeFile(home.path("tokens.env"), `TOKENS_CI_BOT=${CI_BOT}\nTOKENS_ADMIN=${ADMIN}\n`);
    await writeFile(home.path("policy.yaml"), POLICY);
    const result = await home.run(["gateway", "run", "--dry-run", "--secrets", home.path("tokens.env")]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`access policy ${home.path("policy.yaml")}: 2 rules, default deny; tokens enabled: ci-bot, admin; disabled: ghost`);
    expect(result.stderr).toMatch(/token "ghost" is disabled: its secret tokens\.ghost has no usable value/);
    expect(result.stdout + result.stderr).not.toContain(CI_BOT);
  });

  it("names the line and field of a broken policy file", async () => {
    await using home = await TempHome.create();
    await writeHome(home, { clock: clockProcess() });
    await writeFile(home.path("policy.yaml"), 'rules:\n  - subjects: [a]\n    allow: ["clock:"]\n');
    const result = await home.run(["gateway", "run", "--dry-run"]);
    expect(result.code).toBe(4);
    expect(result.stderr).toContain(`${home.path("policy.yaml")}:3:`);
    expect(result.stderr).toContain('rules[0].allow[0]: "clock:" has an empty part');
  });
});
