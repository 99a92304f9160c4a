import { createInterface } from "node:readline";
import type { Writable } from "node:stream";

/**
 * A secret value from stdin: piped text (one trailing newline dropped), or, at a terminal, a
 * prompt whose typing is not echoed. The value never passes through argv this way.
 */
export async function readSecretInput(key: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    let text = "";
    stdin.setEncoding("utf8");
    for await (const chunk of stdin) text += chunk as string;
    return text.replace(/\r?\n$/, "");
  }
  const output = process.stderr;
  output.write(`Value for ${key} (typing is hidden): `);
  const muted: Writable = Object.assign(Object.create(output) as Writable, { write: () => true });
  const rl = createInterface({ input: stdin, output: muted, terminal: true });
  const value = await new Promise<string>((resolve) => rl.once("line", resolve));
  rl.close();
  output.write("\n");
  return value;
}
