import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { createStreamLogger } from "./stream-logger.js";

describe("stream logger", () => {
  it("writes one line per entry at or above its level, with fields and bindings", () => {
    const stream = new PassThrough();
    const logger = createStreamLogger(stream, "info").child({ server: "clock" });
    logger.debug("hidden");
    logger.info("server stopped", { code: 0, reason: "idle timeout" });
    const line = String(stream.read());
    expect(line).toMatch(/^\S+ info {2}server stopped server=clock code=0 reason="idle timeout"\n$/);
  });
});
