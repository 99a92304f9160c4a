import { GatewayError, SecretValue } from "@mcpgw/core";
import { describe, expect, it } from "vitest";
import { buildRemoteHeaders, redact } from "./remote-headers.js";

const spec = (headers: Record<string, string>, env: Record<string, string> = {}, secrets: Record<string, string> = {}) => ({
  name: "svc",
  headers,
  env,
  secretEnv: Object.fromEntries(Object.entries(secrets).map(([key, value]) => [key, new SecretValue(`svc.${key}`, value, "test")])),
});

function thrown(run: () => unknown): GatewayError {
  try {
    run();
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error("expected a GatewayError");
}

describe("buildRemoteHeaders", () => {
  it("fills ${NAME} from the secrets first, then from env, and lists the secrets it revealed", () => {
    const built = buildRemoteHeaders(spec({ Authorization: "Bearer ${TOKEN}", "X-Region": "${REGION}-${TOKEN2}" }, { TOKEN: "plain", REGION: "eu", TOKEN2: "two" }, { TOKEN: "s3cret" }));
    expect(built.headers).toEqual({ Authorization: "Bearer s3cret", "X-Region": "eu-two" });
    expect(built.secrets).toEqual(["s3cret"]);
  });

  it("names the server, header and placeholder of an unknown ${NAME}, but no value", () => {
    const error = thrown(() => buildRemoteHeaders(spec({ Authorization: "Bearer ${TOKEN} ${MISSING}" }, {}, { TOKEN: "s3cret" })));
    expect(error.code).toBe("CONFIG_MISSING");
    expect(error.message).toContain('"svc"');
    expect(error.message).toContain('"Authorization"');
    expect(error.message).toContain("${MISSING}");
    expect(error.message).not.toContain("s3cret");
    expect(JSON.stringify(error.data)).not.toContain("s3cret");
  });

  it("refuses a value with a line break, without showing it", () => {
    const error = thrown(() => buildRemoteHeaders(spec({ "X-Key": "${KEY}" }, {}, { KEY: "abc\r\nX-Evil: 1" })));
    expect(error.code).toBe("CONFIG_INVALID");
    expect(error.message).not.toContain("abc");
  });

  it("refuses a header name that is not an HTTP token", () => {
    expect(thrown(() => buildRemoteHeaders(spec({ "Bad Header": "x" }))).code).toBe("CONFIG_INVALID");
  });

  it("turns URL user info into Basic auth unless an Authorization header is set", () => {
    const basic = buildRemoteHeaders(spec({}), { username: "alice", password: "pw" });
    expect(basic.headers).toEqual({ Authorization: `Basic ${Buffer.from("alice:pw").toString("base64")}` });
    expect(basic.secrets).toContain("pw");
    expect(buildRemoteHeaders(spec({ authorization: "Bearer x" }), { username: "alice", password: "pw" }).headers).toEqual({ authorization: "Bearer x" });
  });
});

describe("redact", () => {
  it("blanks out every occurrence of every secret", () => {
    expect(redact("a s3cret b s3cret c other", ["s3cret", "other", ""])).toBe("a [secret] b [secret] c [secret]");
  });
});
