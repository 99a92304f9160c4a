// `gateway run --interceptor before|after:docker:IMAGE ARGS…` through the real CLI on the real
// engine: each call runs a container of the `node` test image (built locally), hardened like a
// server's, with the call's JSON on its stdin; its stdout rewrites or answers the call.
import { ensureTestImage } from "@mcpgw/test-images";
import Docker from "dockerode";
import { beforeAll, describe, expect, it } from "vitest";
import { TempHome } from "../support/cli.js";
import { Cleanup, connectV1, textOf } from "../support/clients.js";
import { containersOf } from "../support/docker.js";
import { startGateway } from "../support/gateway.js";
import { everythingProcess, writeHome } from "../support/servers.js";
import { eventually } from "../support/wait.js";

const engine = new Docker();
let node: string;

beforeAll(async () => {
  node = await ensureTestImage("node");
}, 300_000);

/** `--interceptor` for a container running `node -e <script>`, the call as `c`; `then` may not hold a `'`. */
function interceptor(when: "before" | "after", then: string, words = ""): string[] {
  const script = `let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const c=JSON.parse(s);${then}})`;
  return ["--interceptor", `${when}:docker:${node} -e '${script}' ${words}`.trimEnd()];
}

describe("gateway run --interceptor ...:docker:IMAGE", () => {
  it("rewrites a call's arguments before the server sees them and the result after, leaving no container", async () => {
    await using home = await TempHome.create();
    await writeHome(home, { everything: everythingProcess() });
    await using cleanup = new Cleanup();
    const gateway = await startGateway(home, {
      args: [
        "--watch=false",
        ...interceptor("before", `console.log(JSON.stringify({arguments:{message:c.arguments.message.split("").reverse().join("")+" "+process.argv.slice(1).join("+")}}))`, `one "two three"`),
        ...interceptor("after", `c.result.content[0].text+=" (checked)";console.log(JSON.stringify({result:c.result}))`),
      ],
    });
    cleanup.defer(() => gateway.stop());
    const { client } = await connectV1(gateway);
    cleanup.add(client);
    const result = await client.callTool({ name: "echo", arguments: { message: "olleh" } });
    expect(textOf(result)).toBe("Echo: hello one+two three (checked)");
    expect(await containersOf(gateway.pid)).toEqual([]);
    await client.close();
    const exit = await gateway.stop();
    expect(exit.leftoverContainers).toEqual([]);
  });

  it("runs the interceptor's container hardened and limited as a server's, without a network", async () => {
    await using home = await TempHome.create();
    await writeHome(home, { everything: everythingProcess() });
    await using cleanup = new Cleanup();
    // The interceptor waits for SIGUSR2 (so that its container can be inspected), then answers the
    // call with what it sees from inside.
    const probe = [
      `const fs=require("fs");const status=fs.readFileSync("/proc/self/status","utf8");`,
      `let rootWritable=true;try{fs.writeFileSync("/probe","x")}catch{rootWritable=false}`,
      `const nets=Object.keys(require("os").networkInterfaces()).filter(n=>n!=="lo");`,
      `const seen={cap:status.match(/CapEff:\\s*(\\w+)/)[1],noNewPrivs:status.match(/NoNewPrivs:\\s*(\\d)/)[1],rootWritable,nets};`,
      `process.on("SIGUSR2",()=>{console.log(JSON.stringify({result:{content:[{type:"text",text:JSON.stringify(seen)}]}}));process.exit(0)});setInterval(()=>{},1000);`,
      // Said once the handler is there: a signal before it would end the process.
      `process.stderr.write("probe ready\\n");`,
    ].join("");
    const gateway = await startGateway(home, { args: ["--watch=false", "--cpus", "0.5", "--memory", "256Mb", ...interceptor("before", probe)] });
    cleanup.defer(() => gateway.stop());
    const { client } = await connectV1(gateway);
    cleanup.add(client);
    const call = client.callTool({ name: "echo", arguments: { message: "probe" } });
    let id: string | undefined;
    await eventually(async () => {
      [id] = await containersOf(gateway.pid);
      return id !== undefined && (await engine.getContainer(id).inspect()).State.Running;
    }, "the interceptor's container to run");
    await eventually(async () => (await engine.getContainer(id!).logs({ stdout: false, stderr: true })).toString().includes("probe ready"), "the probe to wait for its signal");
    const info = await engine.getContainer(id!).inspect();
    expect(info.Config.Image).toBe(node);
    expect(info.HostConfig).toMatchObject({
      Init: true,
      SecurityOpt: ["no-new-privileges"],
      CapDrop: ["ALL"],
      ReadonlyRootfs: true,
      NetworkMode: "none",
      Memory: 256 * 1024 ** 2,
      NanoCpus: 5e8,
      PidsLimit: expect.any(Number),
      AutoRemove: false,
    });
    expect(info.Config.Labels).toMatchObject({ "mcpgw.managed": "true", "mcpgw.owner.pid": String(gateway.pid), "mcpgw.server": `interceptor docker:${node}` });
    await engine.getContainer(id!).kill({ signal: "SIGUSR2" });
    expect(JSON.parse(textOf(await call))).toEqual({ cap: "0000000000000000", noNewPrivs: "1", rootWritable: false, nets: [] });
    expect(await containersOf(gateway.pid)).toEqual([]);
  });

  it("fails a call with a JSON-RPC error when the interceptor exits non-zero, and leaves no container", async () => {
    await using home = await TempHome.create();
    await writeHome(home, { everything: everythingProcess() });
    await using cleanup = new Cleanup();
    const gateway = await startGateway(home, { args: ["--watch=false", "--verbose", ...interceptor("after", `console.error("not on my watch");process.exit(2)`)] });
    cleanup.defer(() => gateway.stop());
    const { client } = await connectV1(gateway);
    cleanup.add(client);
    const error = await client.callTool({ name: "echo", arguments: { message: "x" } }).then(
      () => undefined,
      (e: { code?: number; message?: string }) => e,
    );
    expect(error).toMatchObject({ code: -32603, message: `MCP error -32603: interceptor docker:${node} exited with code 2: not on my watch` });
    expect(gateway.stderr).toMatch(/interceptor stderr .*line="?not on my watch/);
    expect(await containersOf(gateway.pid)).toEqual([]);
  });

  it("refuses to start, naming the image, when a docker interceptor's image cannot be had, and names a missing image", async () => {
    await using home = await TempHome.create();
    await writeHome(home, { everything: everythingProcess() });
    const missing = "mcpgw-test/no-such-interceptor:missing";
    const run = await home.run(["gateway", "run", "--watch=false", "--interceptor", `before:docker:${missing} --strict`], { timeoutMs: 60_000 });
    expect(run.code, run.stderr).toBe(10);
    expect(run.stderr).toContain(`interceptor docker:${missing}: image ${missing} is not present and could not be pulled`);
    const unnamed = await home.run(["gateway", "run", "--watch=false", "--interceptor", "after:docker:"], { timeoutMs: 60_000 });
    expect(unnamed.code).not.toBe(0);
    expect(unnamed.stderr).toContain('interceptor "after:docker:" names no image: write after:docker:IMAGE [ARGS…]');
  });
});
