import { describe, expect, it } from "vitest";
import { ErrorCode, GatewayError } from "./errors.js";
import { EXIT_CODES, exitCodeOf } from "./exit-codes.js";

describe("exitCodeOf", () => {
  it("maps every error code, a wrong argument to 2 as oclif's usage errors", () => {
    expect(Object.keys(EXIT_CODES).sort()).toEqual(Object.values(ErrorCode).sort());
    expect(exitCodeOf(new GatewayError(ErrorCode.INVALID_ARGUMENT, "bad flag"))).toBe(2);
    expect(exitCodeOf(new GatewayError(ErrorCode.NOT_FOUND, "no such server"))).toBe(3);
    expect(exitCodeOf(new GatewayError(ErrorCode.CONFIG_INVALID, "registry.yaml:1:1: bad"))).toBe(4);
    expect(exitCodeOf(new GatewayError(ErrorCode.ENGINE_UNAVAILABLE, "no engine"))).toBe(10);
  });

  it("takes a JSON-RPC error as an answer (1) and anything else as a bug (70)", () => {
    expect(exitCodeOf(Object.assign(new Error("Method not found"), { code: -32601 }))).toBe(1);
    expect(exitCodeOf(new TypeError("x is undefined"))).toBe(70);
    expect(exitCodeOf("thrown text")).toBe(70);
    expect(exitCodeOf(undefined)).toBe(70);
  });
});
