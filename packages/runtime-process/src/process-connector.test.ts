// Connector behaviour that needs no running process: kinds, refusals, and commands that
// cannot start at all.
import { ErrorCode, GatewayError } from "@mcpgw/core";
import type { ServerSpec } from "@mcpgw/core";
import { afterEach, describe, expect, it } from "vitest";
import { createProcessConnector } from "./process-connector.js";
import { processSpec, testContext } from "./testing/support.js";

const connector = createProcessConnector();
afterEach(() => connector.closeAll());

describe("createProcessConnector", () => {
  it("serves process servers only", async () => {
    expect(connector.kinds).toEqual(["process"]);
    const docker = {
      ...processSpec("in-a-box", "unused", []),
      kind: "docker",
      image: "mcp/time",
      command: [],
      volumes: [],
      disableNetwork: false,
      allowHosts: [],
      extraHosts: [],
    } as unknown as ServerSpec;
    const error = await connector.connect(docker, testContext()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ code: ErrorCode.INVALID_ARGUMENT, message: expect.stringContaining('"in-a-box"') });
  });

  it("turns a command that is not found into SERVER_START_FAILED naming server and command", async () => {
    const spec = processSpec("missing", "mcpgw-no-such-command-4711", ["--flag"]);
    const error = await connector.connect(spec, testContext()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({
      code: ErrorCode.SERVER_START_FAILED,
      message: 'server "missing" could not start: command "mcpgw-no-such-command-4711" was not found',
      data: { server: "missing", command: "mcpgw-no-such-command-4711", errno: "ENOENT" },
    });
    expect((error as GatewayError).suggestion).toContain("PATH");
  });

  it("says so when the working directory is missing rather than blaming the command", async () => {
    const spec = processSpec("lost", process.execPath, [], { cwd: "/nonexistent/mcpgw-test-dir" });
    await expect(connector.connect(spec, testContext())).rejects.toMatchObject({
      code: ErrorCode.SERVER_START_FAILED,
      message: 'server "lost" could not start: its working directory "/nonexistent/mcpgw-test-dir" does not exist',
    });
  });

  it("does not start anything once the connect is aborted", async () => {
    const controller = new AbortController();
    controller.abort(new Error("gave up"));
    const spec = processSpec("aborted", process.execPath, ["-e", ""]);
    await expect(connector.connect(spec, { ...testContext(), signal: controller.signal })).rejects.toThrow("gave up");
  });
});
