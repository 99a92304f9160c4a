import { SecretValue } from "@mcpgw/core";
import { describe, expect, it } from "vitest";
import { createSecretScanner } from "./scanner.js";

/** Text that keeps every pattern busy: each literal prefix appears, none completes a match. */
function adversarialText(size: number): string {
  const pieces = [
    "Ordinary prose about servers and tools, sk-learn and task-lists. ",
    "aws ".repeat(4),
    "A".repeat(300),
    " eyJ".repeat(20),
    "eyJ" + "a".repeat(500) + " ",
    // Dotted runs whose first part decodes to almost-JSON with an "alg": the costliest JWT candidates.
    ...Array.from({ length: 20 }, (_, i) => `${Buffer.from(`{"alg":${i}x}`).toString("base64url")}.e30.x `),
    ["-----BEGIN ", "PRIVATE KEY----- no end "].join(""),
    "ghp_" + "a".repeat(300) + "_ ",
    "xoxb-" + "1".repeat(300) + " ",
    "https://hooks.slack.com/services/ ",
    "/".repeat(200),
    "0123456789abcdef".repeat(10) + " ",
  ];
  let text = "";
  for (let i = 0; text.length < size; i++) text += pieces[i % pieces.length];
  return text.slice(0, size);
}

// Speed is measured by the benchmark suite, not asserted here: timed assertions flake on shared
// machines. What this file pins is behaviour on text built to make every pattern work hard.
describe("scanner on adversarial text", () => {
  it("finds only the PEM headers (a header alone counts) in a megabyte of near-misses", () => {
    const scanner = createSecretScanner({ values: [new SecretValue("a", "configured-secret-value", "store")] });
    const kinds = new Set(scanner.scanText(adversarialText(1024 * 1024)).map((f) => f.kind));
    expect([...kinds]).toEqual(["private-key"]);
  });

  it("finds nothing in a megabyte of base64 after an aws hint", () => {
    const scanner = createSecretScanner();
    const bytes = Buffer.from(Array.from({ length: 768 * 1024 }, (_, i) => (i * 31 + (i >> 8)) % 256));
    const findings = scanner.scanText(`aws ${bytes.toString("base64")}`);
    // The hint reaches 64 characters: at most the one candidate right after it may count.
    expect(findings.filter((f) => f.start > 64)).toEqual([]);
  });
});
