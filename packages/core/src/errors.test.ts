import { describe, expect, it } from "vitest";
import { ErrorCode, GatewayError, toGatewayError } from "./errors.js";

describe("toGatewayError", () => {
  it("keeps a GatewayError as it is", () => {
    const error = new GatewayError(ErrorCode.NOT_FOUND, "no such server");
    expect(toGatewayError(error)).toBe(error);
  });

  it("turns a system error into IO and keeps the cause", () => {
    const cause = Object.assign(new Error("ENOENT: no such file"), { code: "ENOENT", syscall: "open" });
    const error = toGatewayError(cause);
    expect(error.code).toBe(ErrorCode.IO);
    expect(error.cause).toBe(cause);
  });

  it("turns anything else into INTERNAL", () => {
    expect(toGatewayError("boom")).toMatchObject({ code: ErrorCode.INTERNAL, message: "boom" });
    expect(toGatewayError(new TypeError("x is undefined")).code).toBe(ErrorCode.INTERNAL);
  });
});
