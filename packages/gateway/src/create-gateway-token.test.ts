import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { silentLogger } from "@mcpgw/core";
import { resolveHome } from "@mcpgw/user-files";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { GatewayOptions } from "./create-gateway.js";
import { createGateway } from "./create-gateway.js";

describe("createGateway's owner token over HTTP", () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), "mcpgw-gateway-token-"));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  /** The token a start on `root` serves with; the gateway is closed again. */
  async function tokenOfOneStart(options: GatewayOptions = {}): Promise<string | undefined> {
    const gateway = await createGateway({ transport: "streaming", port: 0, home: resolveHome({ MCPGW_HOME: root }), env: {}, watch: false, logger: silentLogger, ...options });
    try {
      const response = await fetch(`${gateway.url}/mcp`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
      await response.body?.cancel();
      expect(response.status).toBe(401);
      return gateway.authToken;
    } finally {
      await gateway.close();
    }
  }

  it("is the home's stored token, the same at every start", async () => {
    const first = await tokenOfOneStart();
    expect(first).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(await readFile(join(root, "auth-token"), "utf8")).toBe(`${first}\n`);
    expect(await tokenOfOneStart({ transport: "sse" })).toBe(first);
  });

  it("leaves the home alone when a token is given, and serves the given one", async () => {
    expect(await tokenOfOneStart({ env: { MCPGW_AUTH_TOKEN: "given-token-from-env" } })).toBe("given-token-from-env");
    expect(await tokenOfOneStart({ authToken: "given-token-option" })).toBe("given-token-option");
    await expect(readFile(join(root, "auth-token"))).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("refuses to start on a token file that holds no token, naming it", async () => {
    await tokenOfOneStart();
    await writeFile(join(root, "auth-token"), "");
    await expect(tokenOfOneStart()).rejects.toMatchObject({ code: "CONFIG_INVALID", message: expect.stringContaining(join(root, "auth-token")) });
  });
});
