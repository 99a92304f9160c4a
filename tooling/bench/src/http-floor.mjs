// The HTTP floor: the least a Streamable HTTP gateway in front of a stdio server can do per
// call, on node:http alone. Each POST body is parsed, its id replaced by one of the relay's,
// forwarded as a line to the server's stdin; the answer line with that id is parsed, given the
// client's id back and answered as JSON. No MCP logic and no SDK: `initialize` is forwarded like
// any request (its answer carries an Mcp-Session-Id, so that a session-following client works
// unchanged), notifications are forwarded and answered 202, DELETE is answered 200.
//
// Plain JavaScript, run by `node` itself: `node http-floor.mjs PORT '["command", "arg", …]'`.
import { Buffer } from "node:buffer";
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import process from "node:process";
import { pathToFileURL } from "node:url";

/**
 * Request/answer matching over one newline-delimited JSON-RPC stream, with ids of its own.
 * @param {(line: string) => void} writeLine sends one line (without its newline) to the server
 */
export function createLineRelay(writeLine) {
  /** @type {Map<number, { id: unknown; answer: (message: Record<string, unknown>) => void }>} */
  const pending = new Map();
  let nextId = 0;
  let buffer = "";
  return {
    /**
     * Forwards a message; `answer` gets the server's response to it with the client's id back.
     * A notification (no id) gets no answer.
     * @param {Record<string, unknown>} message
     * @param {(message: Record<string, unknown>) => void} [answer]
     */
    send(message, answer) {
      if (message.id !== undefined && answer) {
        const id = ++nextId;
        pending.set(id, { id: message.id, answer });
        message.id = id;
      }
      writeLine(JSON.stringify(message));
    },
    /**
     * Takes a chunk of the server's output; lines that answer a pending request are answered,
     * anything else (its notifications, its own requests) is dropped.
     * @param {string} chunk
     */
    receive(chunk) {
      buffer += chunk;
      let newline = buffer.indexOf("\n");
      while (newline >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        newline = buffer.indexOf("\n");
        if (line.trim() === "") continue;
        /** @type {Record<string, unknown>} */
        let message;
        try {
          message = JSON.parse(line);
        } catch {
          continue;
        }
        if (message.method !== undefined || typeof message.id !== "number") continue;
        const waiting = pending.get(message.id);
        if (!waiting) continue;
        pending.delete(message.id);
        message.id = waiting.id;
        waiting.answer(message);
      }
    },
    /** Requests forwarded and not answered yet. */
    get pending() {
      return pending.size;
    },
  };
}

/**
 * Serves the floor on 127.0.0.1:`port` in front of `argv` (spawned with piped stdio).
 * @param {number} port
 * @param {readonly string[]} argv
 */
function serveFloor(port, argv) {
  const [command, ...args] = argv;
  if (!command) throw new Error("no upstream command");
  const child = spawn(command, args, { stdio: ["pipe", "pipe", "ignore"] });
  child.on("exit", (code) => process.exit(code ?? 1));
  const relay = createLineRelay((line) => child.stdin.write(`${line}\n`));
  child.stdout.setEncoding("utf8").on("data", (chunk) => relay.receive(chunk));

  const server = createServer((req, res) => {
    if (req.method === "DELETE") {
      res.writeHead(200).end();
      return;
    }
    if (req.method !== "POST") {
      res.writeHead(405).end();
      return;
    }
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      /** @type {Record<string, unknown>} */
      let message;
      try {
        message = JSON.parse(body);
      } catch {
        res.writeHead(400).end();
        return;
      }
      if (message.id === undefined) {
        relay.send(message);
        res.writeHead(202).end();
        return;
      }
      const session = message.method === "initialize" ? { "mcp-session-id": randomUUID() } : {};
      relay.send(message, (answer) => {
        const text = JSON.stringify(answer);
        res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...session }).end(text);
      });
    });
  });
  server.listen(port, "127.0.0.1");
  process.on("SIGTERM", () => {
    child.kill("SIGTERM");
    process.exit(0);
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  serveFloor(Number(process.argv[2]), JSON.parse(process.argv[3] ?? "[]"));
}
