import { fork } from "node:child_process";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLocalSecretStore } from "./local-store.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "mcpgw-store-procs-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** tsx's loader, so the child processes can run this package's TypeScript sources. */
function tsxLoader(): string {
  return fileURLToPath(import.meta.resolve("tsx/esm"));
}

describe("local store across processes", () => {
  it("keeps every key when ten processes set different keys at once", async () => {
    const file = join(dir, "secrets.json");
    // Real processes, because the lock must hold across processes, not just promises.
    const script = `
      import { createLocalSecretStore } from ${JSON.stringify(fileURLToPath(new URL("./local-store.ts", import.meta.url)))};
      const store = createLocalSecretStore({ file: process.argv[2] });
      for (let i = 0; i < 3; i++) await store.set(\`KEY_\${process.argv[3]}_\${i}\`, \`value-\${process.argv[3]}-\${i}\`);
    `;
    const runner = join(dir, "runner.mts");
    await writeFile(runner, script);
    const execArgv = ["--conditions=@mcpgw/source", "--import", tsxLoader()];
    await Promise.all(
      Array.from(
        { length: 10 },
        (_, n) =>
          new Promise<void>((resolve, reject) => {
            const child = fork(runner, [file, String(n)], { execArgv, stdio: "inherit" });
            child.on("error", reject);
            child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`child ${n} exited ${code}`))));
          }),
      ),
    );

    const store = createLocalSecretStore({ file });
    const names = await store.list();
    expect(names).toHaveLength(30);
    for (let n = 0; n < 10; n++) {
      for (let i = 0; i < 3; i++) expect(await store.get(`KEY_${n}_${i}`)).toBe(`value-${n}-${i}`);
    }
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(file, "utf8")).version).toBe(1);
  });
});
