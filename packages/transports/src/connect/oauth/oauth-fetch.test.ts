// The peers are real HTTP servers on 127.0.0.1 (node:http).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { GatewayError } from "@mcpgw/core";
import { describe, expect, it } from "vitest";
import { startOAuthPeer } from "../../testing/oauth-peer.js";
import { fetchJson } from "./oauth-fetch.js";

describe("fetchJson", () => {
  it("reads a JSON answer, and leaves a body that is not JSON undefined", async () => {
    await using peer = await startOAuthPeer({ "/json": { json: { a: 1 } }, "/text": { raw: "hello" } });
    expect(await fetchJson(fetch, new URL(`${peer.origin}/json`), {}, "test")).toMatchObject({ status: 200, ok: true, body: { a: 1 } });
    expect((await fetchJson(fetch, new URL(`${peer.origin}/text`), {}, "test")).body).toBeUndefined();
    expect(peer.requests[0]!.headers.accept).toBe("application/json");
  });

  it("refuses a body over the cap, whether declared or streamed", async () => {
    await using peer = await startOAuthPeer({ "/big": { raw: "x".repeat(5000) } });
    const error = await fetchJson(fetch, new URL(`${peer.origin}/big`), {}, "metadata request", { maxBytes: 1000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).message).toContain("more than the 1000 bytes");
  });

  it("gives up with TIMEOUT on a peer that never answers", async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      const url = new URL(`http://127.0.0.1:${(silent.address() as AddressInfo).port}/`);
      const error = await fetchJson(fetch, url, {}, "metadata request", { timeoutMs: 200 }).catch((e: unknown) => e);
      expect((error as GatewayError).code).toBe("TIMEOUT");
      expect((error as GatewayError).message).toContain("metadata request");
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it("fails with the network reason when nothing listens", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await fetchJson(fetch, new URL(`http://127.0.0.1:${port}/`), {}, "token request").catch((e: unknown) => e);
    expect((error as GatewayError).message).toContain("ECONNREFUSED");
  });
});
