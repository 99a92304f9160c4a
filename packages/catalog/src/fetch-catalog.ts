// Catalogs from the web: Docker's published catalog, a team's catalog on an internal server.
// What comes back is checked to be a catalog before anything is written.
import { ErrorCode, GatewayError } from "@mcpgw/core";
import type { Parsed } from "@mcpgw/user-files";
import { parseCatalog } from "./parse-catalog.js";
import type { Catalog } from "./parse-catalog.js";

/** Where Docker publishes its MCP catalog; `catalog import docker-mcp` reads it. */
export const DOCKER_CATALOG_URL = "https://desktop.docker.com/mcp/catalog/v3/catalog.yaml";

/** Names `catalog import` takes in place of a URL, as Docker's CLI does. */
export const CATALOG_ALIASES: Readonly<Record<string, string>> = { "docker-mcp": DOCKER_CATALOG_URL };

export interface FetchCatalogOptions {
  /** Longest the whole download may take; default 30 s. */
  timeoutMs?: number;
  /** Largest answer taken; default 32 MiB (Docker's catalog is a few MiB). */
  maxBytes?: number;
}

/** Whether `source` is an http(s) URL rather than a file path. */
export function isCatalogUrl(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

/**
 * Downloads a catalog and parses it, naming the URL in every diagnostic: a failed download is an
 * IO error saying why (status, timeout, size), a download that is not a catalog comes back as
 * parse errors, exactly as a broken file does.
 * @example
 * const parsed = await fetchCatalog(DOCKER_CATALOG_URL);
 * if (parsed.ok) console.error(Object.keys(parsed.value.servers).length);
 */
export async function fetchCatalog(url: string, options: FetchCatalogOptions = {}): Promise<Parsed<Catalog>> {
  return parseCatalog(await download(url, options), url);
}

async function download(url: string, { timeoutMs = 30_000, maxBytes = 32 * 1024 * 1024 }: FetchCatalogOptions): Promise<string> {
  const failed = (why: string, cause?: unknown) =>
    new GatewayError(ErrorCode.IO, `cannot fetch the catalog ${url}: ${why}`, { cause, suggestion: "check the URL and the network, or import a file" });
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: "application/yaml, text/yaml, application/json, text/plain, */*" } });
  } catch (error) {
    if (error instanceof Error && error.name === "TimeoutError") throw failed(`no answer within ${timeoutMs / 1000} s`, error);
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw failed(cause?.code ?? cause?.message ?? (error as Error).message, error);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw failed(`the server answered HTTP ${response.status}`);
  }
  const declared = Number(response.headers.get("content-length") ?? NaN);
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw failed(`it is more than the ${maxBytes} bytes taken (${declared})`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body ?? []) {
      size += chunk.byteLength;
      if (size > maxBytes) throw failed(`it is more than the ${maxBytes} bytes taken`);
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof GatewayError) throw error;
    if (error instanceof Error && error.name === "TimeoutError") throw failed(`no answer within ${timeoutMs / 1000} s`, error);
    throw failed((error as Error).message, error);
  }
  return Buffer.concat(chunks).toString("utf8");
}
