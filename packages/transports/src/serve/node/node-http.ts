// The few things the /mcp path does with Node's own request and response objects, so that a
// call on a session costs no web-standard Request, Response or stream: read a bounded body,
// answer JSON in one write, and, where a web-standard handler still serves (the stateless era),
// convert at the edge.
import type { IncomingMessage, ServerResponse } from "node:http";

/** A body read up to its limit. */
export type BodyRead = { ok: true; text: string } | { ok: false; tooLarge: boolean };

/** Reads the request body as UTF-8, refusing it (and draining no more) past `maxBytes`. */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<BodyRead> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) {
    req.resume();
    return Promise.resolve({ ok: false, tooLarge: true });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (result: BodyRead) => {
      if (done) return;
      done = true;
      resolve(result);
    };
    req.on("data", (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > maxBytes) {
        finish({ ok: false, tooLarge: true });
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.once("end", () => finish({ ok: true, text: chunks.length === 1 ? chunks[0]!.toString("utf8") : Buffer.concat(chunks, size).toString("utf8") }));
    req.once("error", () => finish({ ok: false, tooLarge: false }));
    req.once("aborted", () => finish({ ok: false, tooLarge: false }));
  });
}

/** Answers with a JSON body in one write (headers included). */
export function writeJson(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...headers });
  res.end(body);
}

/** A JSON-RPC error answer, with `id: null` unless the request's id is known: the shape of every HTTP-level rejection. */
export function writeRejection(res: ServerResponse, status: number, code: number, message: string, headers: Record<string, string> = {}, id: string | number | null = null): void {
  writeJson(res, status, JSON.stringify({ jsonrpc: "2.0", error: { code, message }, id }), headers);
}

/** Writes a web-standard Response to `res`, streaming its body; a client that goes away cancels it. */
export async function writeWebResponse(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    const previous = headers[name];
    headers[name] = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value];
  });
  const setCookies = response.headers.getSetCookie();
  if (setCookies.length > 0) headers["set-cookie"] = setCookies;
  if (!response.body) {
    res.writeHead(response.status, headers);
    res.end();
    return;
  }
  res.writeHead(response.status, headers);
  // Event streams must reach the client as they are written.
  res.flushHeaders();
  const reader = response.body.getReader();
  const cancel = () => void reader.cancel().catch(() => {});
  res.once("close", cancel);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) await new Promise<void>((resolve) => res.once("drain", resolve).once("close", resolve));
      if (res.destroyed) break;
    }
  } catch {
    // The handler's stream failed or was cancelled: end what was sent.
  } finally {
    res.off("close", cancel);
    res.end();
  }
}

/** The request as a web-standard Request, for handlers that take one; `body` is what was read. Aborted when `res` closes. */
export function toWebRequest(req: IncomingMessage, res: ServerResponse, body: string | undefined): Request {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  const url = `http://${req.headers.host ?? "localhost"}${req.url ?? "/"}`;
  const method = req.method ?? "GET";
  const abort = new AbortController();
  res.once("close", () => abort.abort());
  return new Request(url, { method, headers, signal: abort.signal, ...(body !== undefined && method !== "GET" && method !== "HEAD" ? { body } : {}) });
}
