// What a server process sees of the gateway: a minimal environment, its secrets as env only.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { SecretValue } from "@mcpgw/core";
import { afterAll, describe, expect, it } from "vitest";
import { createProcessConnector } from "./process-connector.js";
import { allCommandLines, connectClient, fixtureSpec, pidOf, resultText, testContext } from "./testing/support.js";

const gatewayEnv = {
  PATH: process.env.PATH ?? "/usr/bin:/bin",
  HOME: "/home/mcpgw-test",
  LANG: "C.UTF-8",
  TMPDIR: "/tmp",
  MCP_GATEWAY_AUTH_TOKEN: "gateway-only",
  AWS_SECRET_ACCESS_KEY: "gateway-only",
  NODE_OPTIONS: "--max-old-space-size=64",
};
const connector = createProcessConnector({ env: gatewayEnv });
afterAll(() => connector.closeAll());

describe("the environment of a server process", () => {
  it("is minimal, carries the spec's env and secrets, and no secret reaches argv or the log", async () => {
    const secret = `s3cr3t-${randomUUID()}`;
    const context = testContext();
    const spec = fixtureSpec("envy", "serve", {
      env: { PLAIN: "visible" },
      secretEnv: { API_TOKEN: new SecretValue("envy.api_token", secret, "test") },
    });
    const connection = await connector.connect(spec, context);
    const client = await connectClient(connection);
    const env = JSON.parse(resultText(await client.callTool({ name: "env", arguments: {} }))) as Record<string, string>;
    expect(env).toEqual({
      PATH: gatewayEnv.PATH,
      HOME: "/home/mcpgw-test",
      LANG: "C.UTF-8",
      TMPDIR: "/tmp",
      PLAIN: "visible",
      API_TOKEN: secret,
    });

    const pid = pidOf(connection);
    // The secret is in the child's environment (so looking for it below can find it)...
    expect(readFileSync(`/proc/${pid}/environ`, "utf8").split("\0")).toContain(`API_TOKEN=${secret}`);
    // ...and in no process's command line, the child's included.
    const cmdlines = allCommandLines();
    expect(cmdlines.map((line) => line.pid)).toContain(pid);
    expect(cmdlines.filter((line) => line.argv.includes(secret))).toEqual([]);

    await connection.close();
    expect(context.logger.lines.join("\n")).not.toContain(secret);
    expect(context.logger.lines.some((line) => line.includes('"API_TOKEN"'))).toBe(true);
  });
});
