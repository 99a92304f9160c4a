import { createServer } from "node:net";
import { ErrorCode, GatewayError } from "@mcpgw/core";
import { describe, expect, it } from "vitest";
import { connectGateway } from "./gateway-client.js";

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("connectGateway", () => {
  it("reports a URL where nothing listens as an IO error naming it, not a bug", async () => {
    const url = `http://127.0.0.1:${await closedPort()}/mcp`;
    const error = await connectGateway({ url, token: "t" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ code: ErrorCode.IO, message: `could not reach a gateway at ${url}: ECONNREFUSED` });
    expect((error as GatewayError).suggestion).toContain("mcpgw gateway run --transport streaming");
  });
});
