// Scenario 7: `gateway run --dry-run` resolves everything or names what is missing, and a
// secret set with `mcpgw secret set` reaches its servers (process and container) without ever
// showing up in what the CLI, the gateway, its logs or its clients print.
import Dockerode from "dockerode";
import { ensureTestImage } from "@mcpgw/test-images";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliResult } from "../support/cli.js";
import { TempHome } from "../support/cli.js";
import { Cleanup, connectV1, textOf } from "../support/clients.js";
import { containersOf } from "../support/docker.js";
import { startGateway } from "../support/gateway.js";
import { clockProcess, everythingContainer, everythingProcess, writeHome } from "../support/servers.js";

// Not shaped like any known credential: only the scanner's exact-value check can catch it.
const SECRET = "e2e-unshaped-Value-7f3a9c21d0";
const SECRET_ENTRY = { secrets: [{ name: "e2e.api_key", env: "E2E_API_KEY" }] };

describe("dry run and secrets", () => {
  let home: TempHome;
  /** Every text the CLI, the gateways and the clients produced in this file. */
  const outputs: string[] = [];
  const record = (result: CliResult): CliResult => (outputs.push(result.stdout, result.stderr), result);

  beforeAll(async () => {
    home = await TempHome.create();
    const image = await ensureTestImage("everything");
    await writeHome(
      home,
      {
        clock: clockProcess(),
        "everything-docker": everythingContainer(image),
        secretive: everythingProcess(SECRET_ENTRY),
        "secretive-docker": everythingContainer(image, SECRET_ENTRY),
      },
      ["clock", "everything-docker"],
    );
  }, 180_000);

  afterAll(async () => {
    await home?.[Symbol.asyncDispose]();
  });

  it("exits 0 and lists the servers when everything resolves", async () => {
    const dry = record(await home.run(["gateway", "run", "--dry-run"]));
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/^SERVER\s+KIND\s+SHARING$/m);
    expect(dry.stdout).toMatch(/^clock\s+process\s+shared$/m);
    expect(dry.stdout).toMatch(/^everything-docker\s+docker\s+shared$/m);
  }, 60_000);

  it("exits non-zero naming the server and the missing secret", async () => {
    record(await home.run(["server", "enable", "secretive", "secretive-docker"]));
    const [dry, json] = (await Promise.all([home.run(["gateway", "run", "--dry-run"]), home.run(["gateway", "run", "--dry-run", "--json"])])).map(record) as [CliResult, CliResult];
    expect(dry.code).toBe(5);
    expect(dry.stderr).toContain('secretive: server "secretive" needs secret e2e.api_key (env E2E_API_KEY)');
    expect(dry.stderr).toContain('secretive-docker: server "secretive-docker" needs secret e2e.api_key');
    expect(dry.stderr).toContain("mcpgw secret set e2e.api_key");
    expect(json.code).toBe(5);
    expect(JSON.parse(json.stdout)).toMatchObject({
      servers: [{ name: "clock" }, { name: "everything-docker" }],
      problems: [
        { server: "secretive", code: "SECRET_MISSING", suggestion: "mcpgw secret set e2e.api_key" },
        { server: "secretive-docker", code: "SECRET_MISSING" },
      ],
    });
  }, 60_000);

  it("with the secret set, resolves, serves it to its servers, and never prints it", async () => {
    const set = record(await home.run(["secret", "set", "e2e.api_key"], { stdin: `${SECRET}\n` }));
    expect(set.code, set.stderr).toBe(0);
    const dry = record(await home.run(["gateway", "run", "--dry-run"]));
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/^secretive\s+process\s+shared$/m);
    expect(dry.stdout).toMatch(/^secretive-docker\s+docker\s+shared$/m);
    record(await home.run(["secret", "ls"]));
    record(await home.run(["server", "inspect", "secretive", "--json"]));
    record(await home.run(["server", "ls"]));

    // --verbose: the servers' own stderr goes to the gateway's log too.
    await using gateway = await startGateway(home, { args: ["--verbose", "--servers", "secretive,secretive-docker"] });
    await using cleanup = new Cleanup();
    const { client } = await connectV1(gateway);
    cleanup.add(client);
    for (const server of ["secretive", "secretive-docker"]) {
      // The server has it: its environment holds it, so the result would carry it. The gateway blocks that result.
      const env = await client.callTool({ name: `${server}__get-env`, arguments: {} }).catch((e: Error) => e);
      expect(env).toBeInstanceOf(Error);
      expect((env as Error).message).toMatch(new RegExp(`blocked a call to ${server}/get-env: its result contains? a secret \\(exact\\)`));
      outputs.push((env as Error).message);
      // And a client may not send it either.
      const echo = await client.callTool({ name: `${server}__echo`, arguments: { message: `key is ${SECRET}` } }).catch((e: Error) => e);
      expect((echo as Error).message).toMatch(/its arguments contains? a secret/);
      outputs.push((echo as Error).message);
      const fine = await client.callTool({ name: `${server}__echo`, arguments: { message: "nothing secret" } });
      expect(textOf(fine)).toBe("Echo: nothing secret");
    }
    // Secrets reach a container as environment set through the engine API, never its command line.
    const [container] = await containersOf(gateway.pid);
    const info = await new Dockerode().getContainer(container!).inspect();
    expect(info.Config.Env).toContain(`E2E_API_KEY=${SECRET}`);
    expect(JSON.stringify([info.Path, info.Args, info.Config.Cmd, info.Config.Entrypoint, info.Config.Labels])).not.toContain(SECRET);

    // Through the CLI too.
    const viaCli = record(await home.run(["tools", "call", "secretive__get-env", "--url", gateway.mcpUrl, "--token", gateway.token!]));
    expect(viaCli.code).toBe(1);
    expect(viaCli.stderr).toContain("blocked a call to secretive/get-env");

    const exit = await gateway.stop();
    expect(exit.leftoverContainers).toEqual([]);
    outputs.push(gateway.stdout, gateway.stderr);
    expect(gateway.stderr).toMatch(/call .*server=secretive-docker tool=get-env .*outcome=error/);

    for (const output of outputs) expect(output).not.toContain(SECRET);
    expect(outputs.join("\n").length).toBeGreaterThan(1_000);
  }, 120_000);

  it("with --redact-secrets, calls go on with the secret replaced, both ways", async () => {
    const set = record(await home.run(["secret", "set", "e2e.api_key"], { stdin: `${SECRET}\n` }));
    expect(set.code, set.stderr).toBe(0);
    await using gateway = await startGateway(home, { args: ["--redact-secrets", "--servers", "secretive"] });
    await using cleanup = new Cleanup();
    const { client } = await connectV1(gateway);
    cleanup.add(client);
    // The server's environment holds the secret; the client gets the result with it replaced.
    const env = textOf(await client.callTool({ name: "get-env", arguments: {} }));
    outputs.push(env);
    expect(env).toContain('"E2E_API_KEY": "[redacted:exact]"');
    // What the client sends reaches the server redacted: the echo shows what the server received.
    const echo = textOf(await client.callTool({ name: "echo", arguments: { message: `key is ${SECRET}` } }));
    expect(echo).toBe("Echo: key is [redacted:exact]");
    await gateway.stop();
    outputs.push(gateway.stdout, gateway.stderr);
    for (const output of outputs) expect(output).not.toContain(SECRET);
  }, 120_000);
});
