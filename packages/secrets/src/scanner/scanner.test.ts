import { SecretValue } from "@mcpgw/core";
import { describe, expect, it } from "vitest";
import type { SecretKind } from "./kinds.js";
import { SECRET_KINDS } from "./kinds.js";
import { createSecretScanner } from "./scanner.js";

// Fake credentials are assembled from pieces, so that this file does not itself look like a
// leaked credential to the scanners that watch repositories.
const cat = (...parts: string[]): string => parts.join("");
/** `n` characters drawn in turn from a mixed alphabet: random-looking, deterministic. */
const body = (n: number, alphabet = "aB3dE5fG7hJ9kL2mN4pQ6rS8tU0vW1xY"): string =>
  Array.from({ length: n }, (_, i) => alphabet[(i * 7) % alphabet.length]).join("");
const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString("base64url");

const fakes: Record<Exclude<SecretKind, "exact">, string[]> = {
  "aws-access-key-id": [cat("AK", "IA", "Q3EGRX5TZ7KMN2VW"), cat("AS", "IA", "Q3EGRX5TZ7KMN2VW")],
  "aws-secret-access-key": [],
  "github-token": [
    cat("gh", "p_", body(36)),
    cat("gh", "o_", body(36)),
    cat("gh", "u_", body(36)),
    cat("gh", "s_", body(36)),
    cat("gh", "r_", body(36)),
    cat("github", "_pat_", body(22), "_", body(59)),
  ],
  "gitlab-token": [cat("gl", "pat-", body(20))],
  "slack-token": ["b", "a", "p", "r", "s"].map((c) => cat("xo", "x", c, "-", "1234567890-", body(24))),
  "slack-webhook": [cat("https://hooks.", "slack.com/services/", "T0", body(8), "/B0", body(8), "/", body(24))],
  "stripe-key": [cat("sk", "_live_", body(24)), cat("rk", "_live_", body(24))],
  "google-api-key": [cat("AI", "za", body(35))],
  "anthropic-api-key": [cat("sk", "-ant-", "api03-", body(93))],
  "openai-api-key": [cat("sk", "-", body(48)), cat("sk", "-proj-", body(120))],
  "npm-token": [cat("np", "m_", body(36))],
  "private-key": [
    cat("-----BEGIN ", "PRIVATE KEY-----\n", body(64), "\n", body(40), "\n-----END ", "PRIVATE KEY-----"),
    cat("-----BEGIN RSA ", "PRIVATE KEY-----\n", body(64), "\n-----END RSA ", "PRIVATE KEY-----"),
    cat("-----BEGIN OPENSSH ", "PRIVATE KEY-----\n", body(64), "\n-----END OPENSSH ", "PRIVATE KEY-----"),
  ],
  jwt: [
    cat(b64url({ alg: "HS256", typ: "JWT" }), ".", b64url({ sub: "1234567890", name: "A" }), ".", body(43, "abcXYZ012_-")),
    // alg none: an empty signature is still a token.
    cat(b64url({ alg: "none" }), ".", b64url({ sub: "x" }), "."),
  ],
};
const awsSecret = cat("wJalrXUtnFEMI", "/K7MDENG/bPxRfiCY", "EXAMPLEKEY");

describe("createSecretScanner: well-known shapes", () => {
  it.each(Object.entries(fakes).filter(([, tokens]) => tokens.length > 0))("finds %s", (kind, tokens) => {
    const scanner = createSecretScanner();
    for (const token of tokens) {
      const text = `before ${token} after`;
      const findings = scanner.scanText(text);
      expect(findings, token).toEqual([{ kind, start: 7, end: 7 + token.length }]);
      expect(scanner.redact(text)).toBe(`before [redacted:${kind}] after`);
      // Findings say where, never what.
      expect(JSON.stringify(findings)).not.toContain(token);
    }
  });

  it("finds an AWS secret key next to an AWS hint, and not without one", () => {
    const scanner = createSecretScanner();
    for (const text of [`AWS_SECRET_ACCESS_KEY=${awsSecret}`, `{"aws_secret_access_key": "${awsSecret}"}`, `aws secret: ${awsSecret}`]) {
      const start = text.indexOf(awsSecret);
      expect(scanner.scanText(text), text).toEqual([{ kind: "aws-secret-access-key", start, end: start + awsSecret.length }]);
    }
    expect(scanner.scanText(`SOME_VALUE=${awsSecret}`)).toEqual([]);
  });

  it("finds a private key block whose END line was cut off", () => {
    const text = cat("-----BEGIN EC ", "PRIVATE KEY-----\n", body(64), "\n", body(20));
    expect(createSecretScanner().redact(`key: ${text}`)).toBe("key: [redacted:private-key]");
  });

  it("finds tokens inside JSON-encoded text", () => {
    const token = cat("gh", "p_", body(36));
    const frame = JSON.stringify({ jsonrpc: "2.0", id: 1, result: { content: [{ type: "text", text: `token=${token}\n` }] } });
    expect(createSecretScanner().scanText(frame).map((f) => f.kind)).toEqual(["github-token"]);
  });

  it("covers every kind in these tests", () => {
    const tested = new Set([...Object.keys(fakes), "exact"]);
    expect([...SECRET_KINDS].filter((kind) => !tested.has(kind))).toEqual([]);
  });
});

describe("createSecretScanner: no false positives", () => {
  const scanner = createSecretScanner();
  const benign = [
    "The gateway starts each server on first use and stops it after it has been idle for a while. " +
      "Ask the task-manager for the skill-list; it keeps a desk-side note of sk-learning-resources too.",
    "Request 0f8fad5b-d9cb-469f-a165-70867728950e and 7c9e6679-7425-40de-944b-e07fc1f90ae7 finished.",
    "aws-sdk commit 3f786850e387550fdab836ed7e6dc881de23001b, then a94a8fe5ccb19ba61c4c0873d391e987982fbbd3",
    `aws: sha256 ${"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"}`,
    Buffer.from("hello world, this is fine").toString("base64"),
    Buffer.from('{"a":1,"b":"two"}').toString("base64"),
    Buffer.from("short").toString("base64url"),
    "Set SLACK_TOKEN=xoxb-your-token-here and GITHUB_TOKEN=ghp_yourtokenhere in .env",
    "eyJhbGciOi is the start of many tokens, and a.b.c is a dotted name",
    "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
    "npm_config_registry and sk_test_ are not secrets; AKIA alone is not a key",
  ];
  it.each(benign)("leaves alone: %s", (text) => {
    expect(scanner.scanText(text)).toEqual([]);
    expect(scanner.redact(text)).toBe(text);
  });
});

describe("createSecretScanner: exact values", () => {
  const password = new SecretValue("db.password", cat("hunter2-", "correct-horse"), "store");
  const pin = new SecretValue("pin", "12345", "env");
  const scanner = createSecretScanner({ values: [password, pin] });

  it("finds configured values in nested JSON, with the JSON path of each string", () => {
    const secret = password.reveal();
    const value = {
      jsonrpc: "2.0",
      result: {
        content: [{ type: "text", text: `password is ${secret}!` }],
        "weird key": ["nothing here", `${secret} and again ${secret}`],
      },
      count: 12345,
    };
    expect(scanner.scanJson(value)).toEqual([
      { kind: "exact", name: "db.password", path: "$.result.content[0].text", start: 12, end: 12 + secret.length },
      { kind: "exact", name: "db.password", path: '$.result["weird key"][1]', start: 0, end: secret.length },
      {
        kind: "exact",
        name: "db.password",
        path: '$.result["weird key"][1]',
        start: secret.length + 11,
        end: 2 * secret.length + 11,
      },
    ]);
  });

  it("ignores values shorter than 6 characters", () => {
    expect(scanner.scanText("pin 12345, numbers 12345678")).toEqual([]);
  });

  it("finds a value in its JSON-escaped form inside a raw frame", () => {
    const quoted = new SecretValue("q", 'pa"ss\\word-42', "store");
    const frame = JSON.stringify({ text: `x ${quoted.reveal()} y` });
    const findings = createSecretScanner({ values: [quoted] }).scanText(frame);
    expect(findings.map((f) => [f.kind, f.name])).toEqual([["exact", "q"]]);
    expect(createSecretScanner({ values: [quoted] }).redact(frame)).toBe('{"text":"x [redacted:exact] y"}');
  });

  it("redacts JSON into a copy, leaving the input and non-strings as they were", () => {
    const secret = password.reveal();
    const input = { a: [`see ${secret}`, 1, true, null], b: { c: secret }, ["__proto__"]: `p ${secret}` };
    const input2 = JSON.parse(JSON.stringify(input)) as typeof input;
    const redacted = scanner.redactJson(input2);
    expect(redacted).toEqual(
      JSON.parse('{"a":["see [redacted:exact]",1,true,null],"b":{"c":"[redacted:exact]"},"__proto__":"p [redacted:exact]"}'),
    );
    expect(Object.getPrototypeOf(redacted)).toBe(Object.prototype);
    expect(input2.b.c).toBe(secret);
  });

  it("merges overlapping hits into one marker", () => {
    const token = cat("gh", "p_", body(36));
    const both = createSecretScanner({ values: [new SecretValue("github.token", token, "store")] });
    const text = `t=${token};`;
    expect(both.scanText(text).map((f) => f.kind).sort()).toEqual(["exact", "github-token"]);
    expect(both.redact(text)).toMatch(/^t=\[redacted:(?:exact|github-token)\];$/);
  });

  it("walks very deep JSON without overflowing the stack", () => {
    let deep: unknown = `x ${password.reveal()}`;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(scanner.scanJson(deep)).toHaveLength(1);
    let redacted = scanner.redactJson(deep);
    for (let i = 0; i < 100_000; i++) redacted = (redacted as unknown[])[0];
    expect(redacted).toBe("x [redacted:exact]");
  });
});
