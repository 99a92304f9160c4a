// Docker interceptors (`--interceptor before|after:docker:IMAGE ARGS…`) in a real router's call
// pipeline, with server-everything as the server and a real Docker engine running the `node`
// test image (built locally) for each interceptor call. Without an engine these tests fail.
import type { Logger } from "@mcpgw/core";
import { silentLogger } from "@mcpgw/core";
import type { InterceptorOptions } from "@mcpgw/gateway";
import { createInterceptorMiddleware, parseInterceptor } from "@mcpgw/gateway";
import { createCallLog } from "@mcpgw/router";
import type { DockerConnector } from "@mcpgw/runtime-docker";
import { createDockerConnector } from "@mcpgw/runtime-docker";
import { ensureTestImage } from "@mcpgw/test-images";
import Docker from "dockerode";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { failure, textOf } from "../support/clients.js";
import { closeRouters, connectSession, everything, setupRouter } from "../support/router.js";

const engine = new Docker();
let node: string;
let containers: DockerConnector;

beforeAll(async () => {
  node = await ensureTestImage("node");
  containers = createDockerConnector({ reapIntervalMs: false, stopGraceMs: 500 });
}, 300_000);

afterEach(closeRouters);

afterAll(async () => {
  await containers?.closeAll();
});

/**
 * A docker interceptor running `node -e <script>` in the node image, the script reading the
 * call as `c` and `words` after it as its arguments. The script may not hold a `'`.
 */
function dockerInterceptor(when: "before" | "after", body: string, words = "") {
  const script = `let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const c=JSON.parse(s);${body}})`;
  return parseInterceptor(`${when}:docker:${node} -e '${script}' ${words}`);
}

/** A router serving server-everything through these interceptors, and a client of it. */
async function serve(interceptors: ReturnType<typeof parseInterceptor>[], options: InterceptorOptions = {}) {
  const middleware = createInterceptorMiddleware(interceptors, { containers, ...options });
  const { router, connector } = setupRouter([everything()], { callMiddleware: [createCallLog(() => {}), middleware.after, middleware.before] });
  return { client: await connectSession(router), connector };
}

/** This connector's containers still on the engine, running or not. */
const leftovers = () => engine.listContainers({ all: true, filters: { label: [`mcpgw.gateway=${containers.instance.id}`] } });

describe("docker interceptors in the call pipeline", () => {
  it("rewrites the arguments the server sees before the call, and the result the client gets after it", async () => {
    const before = dockerInterceptor("before", `console.log(JSON.stringify({arguments:{message:c.arguments.message.toUpperCase()+" "+process.argv.slice(1).join("|")}}))`, `"two words" three`);
    const after = dockerInterceptor("after", `c.result.content.push({type:"text",text:"seen by "+c.server+"/"+c.tool+" after "+c.arguments.message});console.log(JSON.stringify({result:c.result}))`);
    const { client } = await serve([before, after]);
    const result = await client.callTool({ name: "echo", arguments: { message: "quiet" } });
    // server-everything echoes what it was given: the rewritten message, with the interceptor's words.
    expect(textOf(result)).toBe("Echo: QUIET two words|three\nseen by everything/echo after QUIET two words|three");
    expect(await leftovers()).toEqual([]);
  }, 120_000);

  it("answers the call itself when a before interceptor answers a result", async () => {
    const { client } = await serve([dockerInterceptor("before", `console.log(JSON.stringify({result:{content:[{type:"text",text:"refused: "+c.tool}],isError:true}}))`)]);
    const result = await client.callTool({ name: "echo", arguments: { message: "hi" } });
    expect([result.isError, textOf(result)]).toEqual([true, "refused: echo"]);
  }, 120_000);

  it("goes on unchanged when the interceptor prints nothing", async () => {
    const { client } = await serve([dockerInterceptor("before", ""), dockerInterceptor("after", "")]);
    expect(textOf(await client.callTool({ name: "echo", arguments: { message: "as is" } }))).toBe("Echo: as is");
  }, 120_000);

  it("fails the call with a JSON-RPC error when the interceptor exits non-zero, logging its stderr with secrets masked", async () => {
    const lines: unknown[] = [];
    const logger: Logger = { ...silentLogger, debug: (message, fields) => void lines.push({ message, ...fields }) };
    const token = `ghp_${"a1B2".repeat(9)}`;
    const { client } = await serve([dockerInterceptor("before", `console.error("checking", c.arguments.message);console.error("no, not this one");process.exit(3)`)], { logger });
    const error = await failure(client.callTool({ name: "echo", arguments: { message: token } }));
    expect(error).toEqual({ code: -32603, message: `MCP error -32603: interceptor docker:${node} exited with code 3: no, not this one` });
    expect(lines).toEqual([
      { message: "interceptor stderr", interceptor: `interceptor docker:${node}`, line: "checking [redacted:github-token]" },
      { message: "interceptor stderr", interceptor: `interceptor docker:${node}`, line: "no, not this one" },
    ]);
    expect(JSON.stringify(lines)).not.toContain(token);
    expect(await leftovers()).toEqual([]);
  }, 120_000);

  it("fails the call with a JSON-RPC error when the interceptor takes too long, and kills its container", async () => {
    const { client, connector } = await serve([dockerInterceptor("after", `setInterval(() => {}, 1000)`)], { timeoutMs: 3_000 });
    const error = await failure(client.callTool({ name: "echo", arguments: { message: "slow" } }));
    expect(error).toEqual({ code: -32006, message: `MCP error -32006: interceptor docker:${node} did not answer within 3 s: its container was stopped` });
    // An after interceptor sees the result, so the server was called; its container is gone all the same.
    expect(connector.starts).toEqual(["everything"]);
    expect(await leftovers()).toEqual([]);
  }, 120_000);

  it("fails the call when the interceptor answers something that is not JSON", async () => {
    const { client } = await serve([dockerInterceptor("before", `console.log("fine by me")`)]);
    const error = await failure(client.callTool({ name: "echo", arguments: { message: "x" } }));
    expect(error.message).toBe(`MCP error -32603: interceptor docker:${node} answered something that is not JSON`);
  }, 120_000);
});
