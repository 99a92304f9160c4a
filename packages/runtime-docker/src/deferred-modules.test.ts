import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { deferUnusedDockerodeModules } from "./deferred-modules.js";

const require = createRequire(import.meta.url);

describe("deferred dockerode modules", () => {
  it("loads dockerode without BuildKit's gRPC or SSH, and loads them on first use", () => {
    deferUnusedDockerodeModules();
    const grpc = createRequire(createRequire(require.resolve("dockerode")).resolve("./session.js")).resolve("@grpc/grpc-js");
    const Dockerode = require("dockerode") as new () => unknown;
    expect(new Dockerode()).toBeDefined();
    expect(require.cache[grpc]).toBeUndefined();

    const withSession = require(createRequire(require.resolve("dockerode")).resolve("./session.js")) as (...args: unknown[]) => unknown;
    // The real function runs: asked for a session against no engine, it calls back with an error.
    const failed = new Promise<unknown>((resolve) => {
      const docker = { modem: { dial: (_options: unknown, callback: (error: Error) => void) => callback(new Error("no engine here")) } };
      withSession(docker, undefined, (error: unknown) => resolve(error));
    });
    expect(require.cache[grpc]).toBeDefined();
    return expect(failed).resolves.toBeInstanceOf(Error);
  });
});
