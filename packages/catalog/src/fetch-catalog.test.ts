import { createServer } from "node:http";
import type { Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ErrorCode } from "@mcpgw/core";
import { afterEach, describe, expect, it } from "vitest";
import { fetchCatalog, isCatalogUrl } from "./fetch-catalog.js";

const CATALOG = "name: team\nregistry:\n  fetch:\n    image: mcp/fetch\n";

let server: Server | undefined;
afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

/** A server on 127.0.0.1 that answers every request with `answer`. */
async function serve(answer: (res: ServerResponse) => void): Promise<string> {
  server = createServer((_req, res) => answer(res));
  await new Promise<void>((listening) => server!.listen(0, "127.0.0.1", listening));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/catalog.yaml`;
}

describe("fetchCatalog", () => {
  it("downloads and parses a catalog, naming the URL as its file", async () => {
    const url = await serve((res) => res.end(CATALOG));
    const parsed = await fetchCatalog(url);
    expect(parsed.ok && Object.keys(parsed.value.servers)).toEqual(["fetch"]);
  });

  it("gives parse errors, with the URL, line and field, for an answer that is not a catalog", async () => {
    const url = await serve((res) => res.end("<html>sign in</html>\n"));
    const parsed = await fetchCatalog(url);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors[0]).toMatchObject({ file: url });
  });

  it("refuses an HTTP error, an answer over the size cap, and a server that does not answer in time", async () => {
    const missing = await serve((res) => ((res.statusCode = 404), res.end("no")));
    await expect(fetchCatalog(missing)).rejects.toMatchObject({ code: ErrorCode.IO, message: `cannot fetch the catalog ${missing}: the server answered HTTP 404` });
    await new Promise<void>((done) => server!.close(() => done()));

    const large = await serve((res) => res.end(CATALOG.repeat(100)));
    await expect(fetchCatalog(large, { maxBytes: 1000 })).rejects.toThrow(/more than the 1000 bytes taken/);
    await new Promise<void>((done) => server!.close(() => done()));

    // Headers go out, the body never ends: the deadline is what ends the download.
    const stuck = await serve((res) => res.write("name: team\n"));
    await expect(fetchCatalog(stuck, { timeoutMs: 200 })).rejects.toThrow(/no answer within 0.2 s/);
    server!.closeAllConnections();
  });

  it("says why a connection failed", async () => {
    const url = await serve((res) => res.end(CATALOG));
    await new Promise<void>((done) => server!.close(() => done()));
    server = undefined;
    await expect(fetchCatalog(url)).rejects.toThrow(/cannot fetch the catalog .*: ECONNREFUSED/);
  });
});

describe("isCatalogUrl", () => {
  it.each([
    ["https://example.com/c.yaml", true],
    ["HTTP://127.0.0.1:8080/c.yaml", true],
    ["./catalog.yaml", false],
    ["docker-mcp", false],
    ["file:///tmp/c.yaml", false],
  ])("%s: %s", (source, url) => expect(isCatalogUrl(source)).toBe(url));
});
